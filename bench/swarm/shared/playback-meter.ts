/**
 * What one viewer saw, measured the same way for a browser page and a
 * simulated Node player: startup, stalls, distance behind live, bitrate on
 * screen, bytes by source per second. Runs in the page too (no Node import).
 */
import type { SecondBytes, Sdk, ViewerKind, ViewerReport } from './viewer.ts';

export type ByteSource = 'http' | 'p2p' | 'uploaded';

const COLUMN: Record<ByteSource, 1 | 2 | 3> = { http: 1, p2p: 2, uploaded: 3 };

export interface MeterIdentity {
  readonly id: string;
  readonly kind: ViewerKind;
  readonly sdk: Sdk;
  readonly uplinkBytesPerSecond: number | null;
}

export class PlaybackMeter {
  readonly #identity: MeterIdentity;
  /** Ms since the run started. */
  readonly #now: () => number;
  readonly #joinedAtMs: number;
  #startupMs: number | null = null;
  #stalls = 0;
  #stalledMs = 0;
  #stallStartedAt: number | null = null;
  readonly #behindLive: number[] = [];
  readonly #bitrates: number[] = [];
  readonly #bytes = { http: 0, p2p: 0, uploaded: 0 };
  #playerBytes = 0;
  #fragments = 0;
  readonly #series = new Map<number, SecondBytes>();
  #peers = 0;
  #maxPeers = 0;
  readonly #errors: Record<string, number> = {};

  constructor(identity: MeterIdentity, now: () => number) {
    this.#identity = identity;
    this.#now = now;
    this.#joinedAtMs = now();
  }

  /** Playback runs: the first time it is the startup, later it ends a stall. */
  playing(): void {
    const at = this.#now();
    if (this.#startupMs === null) this.#startupMs = at - this.#joinedAtMs;
    else if (this.#stallStartedAt !== null) this.#stalledMs += at - this.#stallStartedAt;
    this.#stallStartedAt = null;
  }

  /** Playback stopped for want of data; before the start this is just the startup. */
  waiting(): void {
    if (this.#startupMs === null || this.#stallStartedAt !== null) return;
    this.#stalls++;
    this.#stallStartedAt = this.#now();
  }

  get started(): boolean {
    return this.#startupMs !== null;
  }

  get stalled(): boolean {
    return this.#stallStartedAt !== null;
  }

  /** The once-a-second sample while playing; `behindLive` only for live streams. */
  sample(bitrate: number | undefined, behindLive: number | undefined): void {
    if (bitrate !== undefined) this.#bitrates.push(bitrate);
    if (behindLive !== undefined) this.#behindLive.push(Math.round(behindLive * 1000) / 1000);
  }

  bytes(source: ByteSource, count: number): void {
    this.#bytes[source] += count;
    const second = Math.floor(this.#now() / 1000);
    let row = this.#series.get(second);
    if (row === undefined) {
      row = [second, 0, 0, 0];
      this.#series.set(second, row);
    }
    row[COLUMN[source]] += count;
  }

  fragment(bytes: number): void {
    this.#playerBytes += bytes;
    this.#fragments++;
  }

  peers(delta: 1 | -1): void {
    this.#peers += delta;
    this.#maxPeers = Math.max(this.#maxPeers, this.#peers);
  }

  error(description: string): void {
    this.#errors[description] = (this.#errors[description] ?? 0) + 1;
  }

  /** The report so far; `left` closes a stall still running. */
  report(
    extra: Pick<ViewerReport, 'sdkStats' | 'digests' | 'mismatches'>,
    left: boolean,
  ): ViewerReport {
    const at = this.#now();
    const running = this.#stallStartedAt === null ? 0 : at - this.#stallStartedAt;
    return {
      ...this.#identity,
      joinedAtMs: this.#joinedAtMs,
      leftAtMs: left ? at : null,
      startupMs: this.#startupMs,
      stalls: this.#stalls,
      stalledMs: this.#stalledMs + running,
      behindLiveSeconds: [...this.#behindLive],
      bitrateSamples: [...this.#bitrates],
      ...this.#bytes,
      playerBytes: this.#playerBytes,
      fragments: this.#fragments,
      series: [...this.#series.values()].sort((a, b) => a[0] - b[0]),
      maxPeers: this.#maxPeers,
      errors: { ...this.#errors },
      ...extra,
    };
  }
}
