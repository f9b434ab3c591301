import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateOptions } from './options.ts';
import type { OriginOptions } from './options.ts';
import { originFromSettings } from './origin.ts';
import type { OriginHandler } from './origin.ts';

export interface Origin extends OriginHandler {
  /** Base URL, e.g. http://127.0.0.1:PORT (no trailing slash). */
  readonly url: string;
  /** Stops listening and drops every connection, keep-alive and mid-body ones included. */
  close(): Promise<void>;
}

/** Starts a standalone origin; resolves once it is listening. */
export async function startOrigin(options: OriginOptions = {}): Promise<Origin> {
  const settings = validateOptions(options);
  const handler = originFromSettings(settings);
  const server = createServer((req, res) => {
    if (handler.handle(req, res)) return;
    res.writeHead(404, {
      'Access-Control-Allow-Origin': '*',
      'Content-Type': 'text/plain; charset=utf-8',
    });
    res.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return {
    ...handler,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      }),
  };
}
