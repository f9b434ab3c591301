import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { pino, type Logger } from 'pino';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { verifyToken } from './auth.ts';
import { resolveConfig, type TrackerOptions } from './config.ts';
import { bump, createCounters } from './counters.ts';
import { idFromHex } from './ids.ts';
import { createMetrics } from './metrics.ts';
import { clientAddress, nearbyKeys, unmapIpv4 } from './network-prefix.ts';
import { TokenBucket } from './rate-limit.ts';
import { statsSnapshot, type TrackerStats } from './stats.ts';
import type { Client, Member } from './swarm.ts';
import { TrackerCore } from './tracker-core.ts';

export interface Tracker {
  /** The HTTP(S) base URL, e.g. `http://127.0.0.1:8000`. */
  readonly url: string;
  /** The URL WebTorrent clients announce to, e.g. `ws://127.0.0.1:8000`. */
  readonly announceUrl: string;
  stats(): TrackerStats;
  /** Stops accepting, closes every connection with 1001 "going away", then resolves. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** A logger to use instead of JSON lines on stdout at `logLevel`. */
  logger?: Logger;
}

interface Connection extends Client {
  readonly socket: WebSocket;
  readonly address: string;
  readonly bucket: TokenBucket | undefined;
  alive: boolean;
  /** Messages refused in a row by the rate limit; a sustained flood closes the connection. */
  strikes: number;
  /** Messages dropped in a row because the socket buffer was full. */
  dropped: number;
}

/** A client this far over its rate limit, or this long unable to take messages, is disconnected. */
const MAX_STRIKES = 20;
const MAX_DROPPED = 64;

export async function startTracker(
  options: TrackerOptions = {},
  start: StartOptions = {},
): Promise<Tracker> {
  const config = resolveConfig(options);
  const log = start.logger ?? pino({ level: config.logLevel, base: { name: 'peerlane-tracker' } });
  const counters = createCounters();
  const metrics = createMetrics(counters);
  const startedAt = Date.now();
  const core = new TrackerCore(
    {
      intervalS: config.interval,
      peerTimeoutMs: config.peerTimeout * 1000,
      offerTtlMs: config.offerTimeout * 1000,
      maxOffers: config.maxOffers,
      maxScrapeHashes: config.maxScrapeHashes,
      nearby: config.nearby,
      fullScrape: config.fullScrape,
      allowedInfoHashes: allowList(config.allowInfoHashes),
      now: Date.now,
      random: Math.random,
    },
    counters,
  );
  const connections = new Set<Connection>();
  const perIp = new Map<string, number>();
  const trustedProxies = new Set(config.trustProxies.map(unmapIpv4));
  let stopping = false;

  const server = config.tls
    ? createHttpsServer({ cert: config.tls.cert, key: config.tls.key })
    : createHttpServer();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    serveHttp(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://tracker').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/health') {
      json(res, stopping ? 503 : 200, { status: stopping ? 'stopping' : 'ok' });
    } else if (path === '/stats.json') {
      json(res, 200, statsSnapshot(counters, startedAt, config.nearby));
    } else if (path === '/metrics') {
      const body = await metrics.metrics();
      res.writeHead(200, { 'content-type': metrics.contentType }).end(body);
    } else {
      json(res, 404, { error: 'not found' });
    }
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxPayload,
    perMessageDeflate: false,
    clientTracking: false,
    // Text is decoded leniently anyway: bytes that are not UTF-8 become U+FFFD, which
    // no valid id contains, so the check would only spend a pass over every message.
    skipUTF8Validation: true,
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const address = clientAddress(
      req.socket.remoteAddress,
      req.headers['x-forwarded-for'],
      trustedProxies,
    );
    const refusal = refuse(req, address);
    if (refusal !== undefined) {
      bump(counters.rejected, refusal.reason);
      log.debug({ address, reason: refusal.reason, origin: req.headers.origin }, 'upgrade refused');
      socket.end(`HTTP/1.1 ${refusal.status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      accept(ws, address);
    });
  });

  function refuse(
    req: IncomingMessage,
    address: string,
  ): { status: string; reason: string } | undefined {
    if (stopping) return { status: '503 Service Unavailable', reason: 'shutdown' };
    if (
      config.allowOrigins !== undefined &&
      !config.allowOrigins.includes(req.headers.origin ?? '')
    ) {
      return { status: '403 Forbidden', reason: 'origin' };
    }
    if (config.authSecret !== undefined) {
      const token = new URL(req.url ?? '/', 'http://tracker').searchParams.get('token');
      if (!verifyToken(config.authSecret, token))
        return { status: '401 Unauthorized', reason: 'auth' };
    }
    if (config.maxConnections > 0 && connections.size >= config.maxConnections) {
      return { status: '503 Service Unavailable', reason: 'limit' };
    }
    if (config.maxConnectionsPerIp > 0 && (perIp.get(address) ?? 0) >= config.maxConnectionsPerIp) {
      return { status: '429 Too Many Requests', reason: 'per-ip' };
    }
    return undefined;
  }

  function accept(socket: WebSocket, address: string): void {
    const connection: Connection = {
      socket,
      address,
      nearby: nearbyKeys(address),
      members: new Set<Member>(),
      bucket: config.rate > 0 ? new TokenBucket(config.rate, config.burst, Date.now()) : undefined,
      alive: true,
      strikes: 0,
      dropped: 0,
      send: (message) => send(connection, message),
    };
    connections.add(connection);
    perIp.set(address, (perIp.get(address) ?? 0) + 1);
    counters.connections++;
    counters.connectionsTotal++;

    socket.on('message', (data: RawData) => {
      receive(connection, data);
    });
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('error', (error) => {
      log.debug({ address, err: error }, 'socket error');
    });
    socket.on('close', () => {
      connections.delete(connection);
      const left = (perIp.get(address) ?? 1) - 1;
      if (left === 0) perIp.delete(address);
      else perIp.set(address, left);
      counters.connections--;
      core.disconnect(connection);
    });
  }

  function receive(connection: Connection, data: RawData): void {
    // ws still delivers frames that arrived while a close it started is under way.
    if (connection.socket.readyState !== WebSocket.OPEN) return;
    if (connection.bucket !== undefined && !connection.bucket.take(Date.now())) {
      counters.rateLimited++;
      if (++connection.strikes > MAX_STRIKES) {
        disconnect(connection, 1008, 'flood');
        return;
      }
      // No action in the reply: a WebTorrent client then backs off before reconnecting.
      core.fail(connection, { reason: 'rate limit exceeded' });
      return;
    }
    connection.strikes = 0;
    // ws hands over a Buffer by default; text and binary frames are both JSON here.
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? Buffer.from(data)
        : data;
    core.receive(connection, bytes.toString());
  }

  function send(connection: Connection, message: object): boolean {
    const { socket } = connection;
    if (socket.readyState !== WebSocket.OPEN) return false;
    if (socket.bufferedAmount > config.maxBufferedBytes) {
      counters.sendDropped++;
      if (++connection.dropped > MAX_DROPPED) disconnect(connection, 1013, 'slow');
      return false;
    }
    connection.dropped = 0;
    socket.send(JSON.stringify(message));
    return true;
  }

  function disconnect(connection: Connection, code: number, reason: string): void {
    bump(counters.closed, reason);
    log.info({ address: connection.address, reason }, 'closing connection');
    connection.socket.close(code, reason);
    // A client that ignores the close handshake is cut off after a grace period.
    setTimeout(() => {
      connection.socket.terminate();
    }, 5000).unref();
  }

  const pinger = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        bump(counters.closed, 'idle');
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }, config.idleTimeout * 1000);
  pinger.unref();
  const sweeper = setInterval(
    () => {
      core.sweep();
    },
    Math.min(30, config.interval) * 1000,
  );
  sweeper.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${host}:${port}`;
  log.info({ url, nearby: config.nearby, tls: config.tls !== undefined }, 'tracker listening');

  return {
    url,
    announceUrl: url.replace(/^http/, 'ws'),
    stats: () => statsSnapshot(counters, startedAt, config.nearby),
    close: async () => {
      if (stopping) return;
      stopping = true;
      clearInterval(pinger);
      clearInterval(sweeper);
      log.info({ connections: connections.size }, 'tracker shutting down');
      const closed = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      for (const connection of connections) {
        bump(counters.closed, 'shutdown');
        connection.socket.close(1001, 'tracker shutting down');
      }
      await allClosed(connections, 2000);
      const stragglers = allClosed(connections, 1000);
      for (const connection of connections) connection.socket.terminate();
      await stragglers;
      server.closeAllConnections();
      await closed;
    },
  };
}

function allowList(hexes: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (hexes === undefined) return undefined;
  return new Set(hexes.map((hex) => idFromHex(hex)).filter((id) => id !== undefined));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Resolves when the set is empty or after `timeoutMs`, whichever comes first. */
function allClosed(connections: Set<Connection>, timeoutMs: number): Promise<void> {
  if (connections.size === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    let waiting = connections.size;
    for (const connection of connections) {
      connection.socket.once('close', () => {
        if (--waiting === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}
