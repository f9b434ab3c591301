import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedServer {
  readonly url: string;
  /** Headers of every request received, in order. */
  readonly requests: IncomingMessage['headers'][];
  close(): Promise<void>;
}

/** A local HTTP server whose every answer the test scripts; `index` counts requests from 0. */
export async function startScriptedServer(
  handle: (req: IncomingMessage, res: ServerResponse, index: number) => void,
): Promise<ScriptedServer> {
  const requests: IncomingMessage['headers'][] = [];
  const server = createServer((req, res) => {
    requests.push(req.headers);
    handle(req, res, requests.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/file`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** Answers like a plain file server: 200, or 206 for a `bytes=a-b` / `bytes=a-` Range. */
export function serveBytes(req: IncomingMessage, res: ServerResponse, body: Uint8Array): void {
  const match = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  if (match === null) {
    res.writeHead(200, { 'Content-Length': body.length }).end(body);
    return;
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? body.length - 1 : Number(match[2]);
  res
    .writeHead(206, {
      'Content-Length': end - start + 1,
      'Content-Range': `bytes ${start}-${end}/${body.length}`,
    })
    .end(body.subarray(start, end + 1));
}
