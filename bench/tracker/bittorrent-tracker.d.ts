// The part of bittorrent-tracker's Server (11.x, untyped JavaScript) that reference-server.ts uses.
declare module 'bittorrent-tracker' {
  import type { EventEmitter } from 'node:events';
  import type { Server as HttpServer } from 'node:http';

  export interface ServerOptions {
    http?: boolean;
    udp?: boolean;
    ws?: boolean;
    stats?: boolean;
  }

  export class Server extends EventEmitter {
    constructor(options?: ServerOptions);
    /** With only `ws` enabled, the HTTP server created for the WebSocket upgrade. */
    readonly http: HttpServer | null;
    listen(port: number, hostname: string, onListening: () => void): void;
  }
}
