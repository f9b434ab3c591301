/** How far back throughput looks: long enough to smooth, short enough to follow changes. */
const WINDOW_MS = 2000;

/** Download throughput and round-trip time of one peer, for ranking peers. */
export class LinkMeter {
  #bytes = 0;
  #ms = 0;
  #rtt: number | undefined;

  /** Bytes/s while transferring (idle time excluded), or undefined before any measure. */
  get throughput(): number | undefined {
    return this.#ms > 0 ? (this.#bytes / this.#ms) * 1000 : undefined;
  }

  /** Smoothed ms from sending a request on an idle link to its first answer. */
  get rtt(): number | undefined {
    return this.#rtt;
  }

  /** `bytes` arrived `ms` after the previous DATA of the same busy period. */
  transfer(bytes: number, ms: number): void {
    this.#bytes += bytes;
    this.#ms += ms;
    if (this.#ms > WINDOW_MS) {
      // Scale down rather than keep samples: older bytes fade out at no memory cost.
      this.#bytes *= WINDOW_MS / this.#ms;
      this.#ms = WINDOW_MS;
    }
  }

  roundTrip(ms: number): void {
    // EWMA with TCP's gain of 1/8, which damps one-off scheduling hiccups.
    this.#rtt = this.#rtt === undefined ? ms : this.#rtt + (ms - this.#rtt) / 8;
  }
}
