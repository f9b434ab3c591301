import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TrackerOptions {
  host?: string;
  port?: number;
}

export interface Tracker {
  /** The base URL the tracker listens on, e.g. `http://127.0.0.1:8000`. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startTracker(options: TrackerOptions = {}): Promise<Tracker> {
  const { host = '127.0.0.1', port = 8000 } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer between 0 and 65535, got ${String(port)}`);
  }
  const server = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
  });
  await listen(server, port, host);
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          if (err) reject(err);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
