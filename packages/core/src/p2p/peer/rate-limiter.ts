import { LIMITS } from '../protocol/frames.ts';

/**
 * Token bucket for the upload cap. It only does arithmetic on an injected clock: each
 * sender waits the delay it is given with its own timer, which its peer clears on close.
 * One limiter is shared by all peers, so that the cap is the viewer's, not per peer.
 */
export class RateLimiter {
  #tokens = Infinity;
  #at: number;

  /** `bytesPerSecond`: positive, or Infinity for no cap; may change at any time. */
  constructor(
    public bytesPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#at = now();
  }

  /**
   * Takes `bytes` and returns the ms to wait before sending them. The bucket goes into
   * debt rather than refusing, so concurrent senders line up behind each other.
   */
  reserve(bytes: number): number {
    if (this.bytesPerSecond === Infinity) return 0;
    const now = this.now();
    const rate = this.bytesPerSecond / 1000;
    // A quarter second's worth (at least one DATA frame) may go out at once.
    const burst = Math.max(LIMITS.dataBytes, rate * 250);
    this.#tokens = Math.min(burst, this.#tokens + (now - this.#at) * rate) - bytes;
    this.#at = now;
    return this.#tokens >= 0 ? 0 : -this.#tokens / rate;
  }
}
