import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

export interface UpgradeProxy {
  /** Hands an HTTP upgrade request (a WebSocket) over to the target, byte for byte. */
  forward(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Cuts every forwarded connection, so that the demo server can close. */
  destroyAll(): void;
}

/**
 * Forwards WebSocket upgrades to the tracker listening on a loopback port, so that
 * the page, the origin and the tracker share the port a newcomer opens. The tracker
 * trusts this hop's `X-Forwarded-For` and so still sees each viewer's address.
 */
export function createUpgradeProxy(target: { host: string; port: number }): UpgradeProxy {
  const open = new Set<Duplex>();
  const track = (socket: Duplex): void => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };

  return {
    forward(req, socket, head) {
      const upstream = connect(target.port, target.host);
      track(socket);
      track(upstream);
      socket.once('error', () => upstream.destroy());
      upstream.once('error', () => socket.destroy());
      socket.once('close', () => upstream.destroy());
      upstream.once('close', () => socket.destroy());
      upstream.once('connect', () => {
        upstream.write(requestHead(req));
        if (head.length > 0) upstream.write(head);
        socket.pipe(upstream).pipe(socket);
      });
    },
    destroyAll() {
      for (const socket of open) socket.destroy();
    },
  };
}

function requestHead(req: IncomingMessage): string {
  const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
  const { rawHeaders } = req;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    // Only this hop may say who the client is: the tracker trusts the header from us.
    if (name.toLowerCase() !== 'x-forwarded-for') lines.push(`${name}: ${rawHeaders[i + 1] ?? ''}`);
  }
  lines.push(`X-Forwarded-For: ${req.socket.remoteAddress ?? ''}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}
