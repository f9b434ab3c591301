// What bench/tracker/bittorrent-tracker.d.ts leaves out of bittorrent-tracker's Server
// and the interop test needs; merged into that declaration.
declare module 'bittorrent-tracker' {
  interface ServerOptions {
    /** Milliseconds; clients are told to re-announce every `interval / 5`. */
    interval?: number;
  }
  interface Server {
    close(callback?: () => void): void;
  }
}
