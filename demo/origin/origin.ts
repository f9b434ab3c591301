import type { IncomingMessage, ServerResponse } from 'node:http';
import { LiveCatalog } from './live-catalog.ts';
import { validateOptions, validateThrottle } from './options.ts';
import type { OriginOptions, OriginSettings, ThrottleOptions } from './options.ts';
import { errorReply, HttpError, jsonReply, textReply } from './reply.ts';
import type { Reply } from './reply.ts';
import { splitTarget } from './request-path.ts';
import type { RequestTarget } from './request-path.ts';
import { routeContent } from './routes.ts';
import type { ContentArea } from './routes.ts';
import { sendReply } from './send.ts';
import { Sha256Cache } from './sha256.ts';
import { clientIdOf, TrafficStats } from './stats.ts';
import type { OriginStats } from './stats.ts';

export interface OriginHandler {
  /** Absolute path of the media directory being served. */
  readonly mediaRoot: string;
  /**
   * Serves the request if its path is the origin's (/vod/…, /live/…, /origin/…) and
   * returns true; returns false, touching nothing, otherwise.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  stats(): OriginStats;
  resetStats(): void;
  /** Replaces the throttle; bodies in flight follow the new rate from their next chunk. */
  setThrottle(throttle: ThrottleOptions): void;
  /**
   * Calls `listener` when a content response ends, whole or cut short by the client;
   * returns the function that unsubscribes it. Tests and benchmarks wait on this.
   */
  onResponse(listener: (record: ResponseRecord) => void): () => void;
}

/** One content response as the origin carried it. */
export interface ResponseRecord {
  readonly path: string;
  readonly client: string;
  readonly status: number;
  /** Body bytes handed to the socket. */
  readonly bytes: number;
  /** False when the client went away before the body was complete. */
  readonly complete: boolean;
  readonly durationMs: number;
}

export type OriginHandlerOptions = Omit<OriginOptions, 'host' | 'port'>;

export const STATS_PATH = '/origin/stats.json';

const CONTENT_PREFIXES: readonly (readonly [string, ContentArea])[] = [
  ['/vod/', 'vod'],
  ['/live/', 'live'],
];

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges',
};

const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Range, X-Peerlane-Client',
  'Access-Control-Max-Age': '86400',
};

/** The origin as a request handler, to mount in another server (the demo's). */
export function createOrigin(options: OriginHandlerOptions = {}): OriginHandler {
  return originFromSettings(validateOptions(options));
}

export function originFromSettings(settings: OriginSettings): OriginHandler {
  const t0 = settings.now();
  const catalog = new LiveCatalog(settings.mediaRoot);
  const hashes = settings.sha256 ? new Sha256Cache() : undefined;
  const traffic = new TrafficStats();
  const listeners = new Set<(record: ResponseRecord) => void>();
  let throttle = settings.throttle;

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    target: RequestTarget,
  ): Promise<void> {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, PREFLIGHT_HEADERS).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendUnpaced(
        res,
        textReply(405, 'method not allowed', { Allow: 'GET, HEAD, OPTIONS' }),
      );
    }
    if (target.path === STATS_PATH) return sendUnpaced(res, jsonReply(traffic.snapshot()));
    const content = CONTENT_PREFIXES.find(([prefix]) => target.path.startsWith(prefix));
    if (content === undefined) return sendUnpaced(res, textReply(404, 'not found'));
    const [prefix, area] = content;
    // Only content requests are accounted and delayed: they are what a CDN would carry.
    const started = performance.now();
    const client = clientIdOf(req, target.query);
    const count = traffic.begin(target.path, client);
    let bytes = 0;
    const onWritten = (written: number): void => {
      bytes += written;
      count(written);
    };
    const context = {
      mediaRoot: settings.mediaRoot,
      live: { catalog, t0, nowMs: settings.now(), defaultWindow: settings.liveWindow },
      hashes,
    };
    const range = req.headers.range;
    const reply = await routeContent(
      context,
      area,
      target.path.slice(prefix.length),
      target.query,
      range,
    ).catch((error: unknown) => {
      if (error instanceof HttpError) return errorReply(error);
      throw error;
    });
    await sendReply(res, reply, {
      signal: closeSignal(res),
      headOnly: req.method === 'HEAD',
      firstByteDelayMs: throttle.firstByteDelayMs ?? 0,
      bytesPerSecond: () =>
        throttle.bitsPerSecond === undefined ? undefined : throttle.bitsPerSecond / 8,
      onWritten,
    });
    const record: ResponseRecord = {
      path: target.path,
      client,
      status: reply.status,
      bytes,
      complete: res.writableEnded,
      durationMs: performance.now() - started,
    };
    for (const listener of listeners) listener(record);
  }

  return {
    mediaRoot: settings.mediaRoot,
    handle(req, res) {
      const target = splitTarget(req.url ?? '/');
      if (!isOriginPath(target.path)) return false;
      for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
      serve(req, res, target).catch((error: unknown) => {
        fail(res, error);
      });
      return true;
    },
    stats: () => traffic.snapshot(),
    resetStats: () => {
      traffic.reset();
    },
    setThrottle(next) {
      throttle = validateThrottle(next);
    },
    onResponse(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function isOriginPath(path: string): boolean {
  return path.startsWith('/vod/') || path.startsWith('/live/') || path.startsWith('/origin/');
}

function sendUnpaced(res: ServerResponse, reply: Reply): Promise<void> {
  return sendReply(res, reply, {
    signal: closeSignal(res),
    headOnly: false,
    firstByteDelayMs: 0,
    bytesPerSecond: () => undefined,
    onWritten: () => undefined,
  });
}

/** Aborts when the response closes, which before it finishes means the client left. */
function closeSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    controller.abort();
  });
  return controller.signal;
}

/** A bug or an I/O error: a 500 with the reason if nothing was sent yet, else a cut body. */
function fail(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const body = Buffer.from(`${message}\n`);
  res.writeHead(500, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
  });
  res.end(body);
}
