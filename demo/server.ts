import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  createOrigin,
  listVariants,
  type OriginHandler,
  type OriginOptions,
} from './origin/index.ts';
import { startTracker, type Tracker } from '../tracker/src/index.ts';
import { bundlePages } from './page-bundle.ts';
import type { DemoConfig } from './page/demo-config.ts';
import { listExamplePages, readStaticFile } from './static-files.ts';
import { createUpgradeProxy, type UpgradeProxy } from './tracker-proxy.ts';

export interface DemoOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  origin?: Omit<OriginOptions, 'host' | 'port'>;
  /**
   * A tracker announce URL the page uses by default instead of the demo's own; when
   * set, the demo starts no tracker.
   */
  tracker?: string;
}

export interface Demo {
  /** The demo page, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  /** Where the page announces by default: the demo's tracker at `/announce`, or `options.tracker`. */
  readonly announceUrl: string;
  readonly origin: OriginHandler;
  close(): Promise<void>;
}

/** Path on the demo's port where WebSocket upgrades reach the tracker. */
export const ANNOUNCE_PATH = '/announce';

const page = (name: string): Promise<Buffer> => readFile(new URL(`page/${name}`, import.meta.url));

/** One port for everything a newcomer needs: the pages, the local origin and the tracker. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const { host = '127.0.0.1', port = 8080 } = options;
  const origin = createOrigin(options.origin ?? {});
  const pages = new Map<string, { type: string; body: string | Buffer }>([
    ['/', { type: 'text/html', body: await page('index.html') }],
    ['/swarm.html', { type: 'text/html', body: await page('swarm.html') }],
    ['/page/style.css', { type: 'text/css', body: await page('style.css') }],
    ...(await bundlePages()),
  ]);
  const variants = await listVariants(origin.mediaRoot);
  const tracker =
    options.tracker === undefined
      ? await startTracker({
          port: 0,
          logLevel: 'warn',
          trustProxies: ['127.0.0.1'],
          // Every tab and swarm-view player of a demo usually comes from one address.
          maxConnectionsPerIp: 0,
          // Viewers come and go by the tab here: announcing every 15 s (not 120 s)
          // introduces them again soon after a connection that failed.
          interval: 15,
        })
      : undefined;
  const proxy = tracker === undefined ? undefined : createUpgradeProxy(trackerAddress(tracker));

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://demo');
    if (origin.handle(req, res)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      reply(res, 405, 'text/plain', 'method not allowed\n');
      return;
    }
    if (pathname === '/favicon.ico') {
      // Pages without an icon link ask for one; an empty answer keeps their consoles clean.
      res.writeHead(204).end();
      return;
    }
    if (pathname === '/demo/config.json') {
      const config: DemoConfig = {
        tracker: options.tracker ?? null,
        variants,
        examples: await listExamplePages(),
      };
      reply(res, 200, 'application/json', JSON.stringify(config));
      return;
    }
    if (pathname === '/demo/tracker.json') {
      if (tracker === undefined) reply(res, 404, 'application/json', '{}');
      else reply(res, 200, 'application/json', JSON.stringify(tracker.stats()));
      return;
    }
    const asset = pages.get(pathname) ?? (await readStaticFile(pathname));
    if (asset === undefined) reply(res, 404, 'text/plain', 'not found\n');
    else reply(res, 200, asset.type, req.method === 'HEAD' ? '' : asset.body);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, 'text/plain', `${String(error)}\n`);
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(req.url ?? '/', 'http://demo');
    if (proxy !== undefined && pathname === ANNOUNCE_PATH) proxy.forward(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  try {
    await listen(server, port, host);
  } catch (error) {
    await tracker?.close();
    throw error;
  }
  const { port: bound } = server.address() as AddressInfo;
  // Listening on every address: this machine reaches it as localhost.
  const reachable = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const authority = `${reachable.includes(':') ? `[${reachable}]` : reachable}:${bound}`;
  return {
    url: `http://${authority}/`,
    announceUrl: options.tracker ?? `ws://${authority}${ANNOUNCE_PATH}`,
    origin,
    close: () => close(server, proxy, tracker),
  };
}

function reply(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type':
      type.includes('charset') || type.startsWith('image/') ? type : `${type}; charset=utf-8`,
    'cache-control': 'no-store',
  });
  res.end(body);
}

function trackerAddress(tracker: Tracker): { host: string; port: number } {
  const { hostname, port } = new URL(tracker.url);
  return { host: hostname, port: Number(port) };
}

function listen(
  server: ReturnType<typeof createServer>,
  port: number,
  host: string,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function close(
  server: ReturnType<typeof createServer>,
  proxy: UpgradeProxy | undefined,
  tracker: Tracker | undefined,
): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  proxy?.destroyAll();
  server.closeAllConnections();
  await Promise.all([closed, tracker?.close()]);
}
