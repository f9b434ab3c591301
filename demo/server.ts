import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { createOrigin, type OriginOptions } from './origin/index.ts';

export interface DemoOptions {
  host?: string;
  port?: number;
  origin?: Omit<OriginOptions, 'host' | 'port'>;
}

export interface Demo {
  readonly url: string;
  close(): Promise<void>;
}

const pageDir = new URL('./page/', import.meta.url);

/** The page script is bundled once at start, so the demo needs no build step of its own. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('app.ts', pageDir).pathname],
    bundle: true,
    format: 'esm',
    target: 'es2020',
    write: false,
    sourcemap: 'inline',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no page bundle');
  return output.text;
}

/** One port for everything a newcomer needs: the page and the local origin. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const { host = '127.0.0.1', port = 8080 } = options;
  const origin = createOrigin(options.origin ?? {});
  const assets = new Map<string, { type: string; body: string | Buffer }>([
    ['/', { type: 'text/html', body: await readFile(new URL('index.html', pageDir)) }],
    ['/page/style.css', { type: 'text/css', body: await readFile(new URL('style.css', pageDir)) }],
    ['/page/app.js', { type: 'text/javascript', body: await bundlePage() }],
  ]);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const asset = assets.get(new URL(req.url ?? '/', 'http://demo').pathname);
    if (asset !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8` });
      res.end(req.method === 'HEAD' ? undefined : asset.body);
      return;
    }
    if (origin.handle(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
