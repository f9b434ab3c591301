import type { IncomingMessage } from 'node:http';

export interface TrafficCount {
  bytes: number;
  requests: number;
}

export interface OriginStats {
  totalBytes: number;
  requests: number;
  byPath: Record<string, TrafficCount>;
  byClient: Record<string, TrafficCount>;
}

export const CLIENT_HEADER = 'x-peerlane-client';

/**
 * Who is asking: the X-Peerlane-Client header (what the SDK sends), else the `client`
 * query parameter (for players that cannot set headers), else the remote address.
 */
export function clientIdOf(req: IncomingMessage, query: URLSearchParams): string {
  const header = req.headers[CLIENT_HEADER];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader !== undefined && fromHeader !== '') return fromHeader;
  const fromQuery = query.get('client');
  if (fromQuery !== null && fromQuery !== '') return fromQuery;
  return req.socket.remoteAddress ?? 'unknown';
}

/** Body bytes actually handed to the socket, by request path and by client. */
export class TrafficStats {
  #totalBytes = 0;
  #requests = 0;
  #byPath = new Map<string, TrafficCount>();
  #byClient = new Map<string, TrafficCount>();

  /** Counts a request and returns the function that counts its body bytes. */
  begin(path: string, client: string): (bytes: number) => void {
    this.#requests++;
    countOf(this.#byPath, path).requests++;
    countOf(this.#byClient, client).requests++;
    // Looked up on every write, so that bytes after a reset land in the new counts.
    return (bytes) => {
      this.#totalBytes += bytes;
      countOf(this.#byPath, path).bytes += bytes;
      countOf(this.#byClient, client).bytes += bytes;
    };
  }

  snapshot(): OriginStats {
    return {
      totalBytes: this.#totalBytes,
      requests: this.#requests,
      byPath: copyOf(this.#byPath),
      byClient: copyOf(this.#byClient),
    };
  }

  reset(): void {
    this.#totalBytes = 0;
    this.#requests = 0;
    this.#byPath = new Map();
    this.#byClient = new Map();
  }
}

function countOf(counts: Map<string, TrafficCount>, key: string): TrafficCount {
  let count = counts.get(key);
  if (count === undefined) {
    count = { bytes: 0, requests: 0 };
    counts.set(key, count);
  }
  return count;
}

function copyOf(counts: Map<string, TrafficCount>): Record<string, TrafficCount> {
  return Object.fromEntries(
    [...counts].map(([key, { bytes, requests }]) => [key, { bytes, requests }]),
  );
}
