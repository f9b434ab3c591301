// The parts of bittorrent-tracker 11.x (untyped JavaScript) that the benchmarks and
// the interop tests use: the reference Server and the WebTorrent Client.
declare module 'bittorrent-tracker' {
  import type { EventEmitter } from 'node:events';
  import type { Server as HttpServer } from 'node:http';

  export interface ServerOptions {
    http?: boolean;
    udp?: boolean;
    ws?: boolean;
    stats?: boolean;
    /** Milliseconds; clients are told to re-announce every `interval / 5`. */
    interval?: number;
  }

  export class Server extends EventEmitter {
    constructor(options?: ServerOptions);
    /** With only `ws` enabled, the HTTP server created for the WebSocket upgrade. */
    readonly http: HttpServer | null;
    listen(port: number, hostname: string, onListening: () => void): void;
    close(callback?: () => void): void;
  }
}

declare module 'bittorrent-tracker/client' {
  import type { EventEmitter } from 'node:events';

  export interface ClientOptions {
    infoHash: string;
    peerId: string;
    announce: string | string[];
    port: number;
    rtcConfig?: { iceServers: unknown[] };
    getAnnounceOpts?: () => Record<string, unknown>;
  }

  export interface AnnounceResponse {
    announce: string;
    infoHash: string;
    complete: number;
    incomplete: number;
    interval?: number;
  }

  export interface ScrapeResponse {
    announce: string;
    infoHash: string;
    complete: number;
    incomplete: number;
    downloaded: number;
  }

  /** A simple-peer instance. */
  export interface Peer extends EventEmitter {
    id: string;
    connected: boolean;
    send(data: string | Uint8Array): void;
    destroy(): void;
  }

  export default class Client extends EventEmitter {
    constructor(options: ClientOptions);
    /** Hex. */
    readonly peerId: string;
    /** Hex. */
    readonly infoHash: string;
    start(options?: Record<string, unknown>): void;
    stop(options?: Record<string, unknown>): void;
    complete(options?: Record<string, unknown>): void;
    update(options?: Record<string, unknown>): void;
    scrape(options?: { infoHash?: string | string[] }): void;
    destroy(callback?: (error: Error | null) => void): void;
    static scrape(
      options: { announce: string; infoHash: string | string[] },
      callback: (
        error: Error | null,
        data: ScrapeResponse | Record<string, ScrapeResponse>,
      ) => void,
    ): Client;
  }
}
