/**
 * Serves the viewer page on `localhost` (Chromium may not reach loopback from a
 * routed page; the origin on 127.0.0.1 is then cross-origin, CORS included).
 * `/?sdk=…&uplink=…` loads hls.js, the viewer script, then the SDK's script.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Sdk } from '../shared/viewer.ts';

const require = createRequire(import.meta.url);
const root = new URL('../../../', import.meta.url);

export interface PageServer {
  /** The page URL for a viewer of `sdk`, its uplink emulated at `uplink` bytes/s. */
  pageUrl(sdk: Sdk, uplink: number | null): string;
  close(): Promise<void>;
}

const SDK_SCRIPTS: Record<Sdk, string[]> = {
  off: [],
  peerlane: ['/peerlane-hlsjs.umd.min.js'],
  p2pml: ['/p2pml.js'],
  'p2pml-tuned': ['/p2pml.js'],
};

async function bundle(entry: string, conditions: string[] = []): Promise<string> {
  const result = await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    conditions,
    write: false,
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}

function html(sdk: Sdk): string {
  const scripts = ['/hls.min.js', '/viewer.js', ...SDK_SCRIPTS[sdk]];
  return [
    '<!doctype html><html><head><meta charset="utf-8"><title>viewer</title>',
    ...scripts.map((src) => `<script src="${src}"></script>`),
    '</head><body></body></html>',
  ].join('\n');
}

export async function startPageServer(): Promise<PageServer> {
  const scripts = new Map<string, string | Buffer>([
    ['/hls.min.js', await readFile(require.resolve('hls.js/dist/hls.min.js'))],
    ['/viewer.js', await bundle('page.ts')],
    // p2p-media-loader's own browser bundle of its core (Node polyfills inside).
    ['/p2pml.js', await bundle('p2pml-entry.ts', ['p2pml:core-as-bundle'])],
    [
      '/peerlane-hlsjs.umd.min.js',
      await readFile(new URL('packages/hlsjs/dist/peerlane-hlsjs.umd.min.js', root)),
    ],
  ]);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const script = scripts.get(url.pathname);
    const sdk = url.searchParams.get('sdk') as Sdk | null;
    if (url.pathname === '/' && sdk !== null && sdk in SDK_SCRIPTS) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html(sdk));
    } else if (script !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    pageUrl: (sdk, uplink) =>
      `http://localhost:${port}/?sdk=${sdk}${uplink === null ? '' : `&uplink=${uplink}`}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
