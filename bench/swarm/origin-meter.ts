/**
 * What the CDN carried, from the origin's own counts: media bytes per second
 * of the run, media bytes in all, and the bytes of the distinct segments among
 * them (each counted once, whole), whose ratio is the CDN copies per segment.
 */
import type { Origin } from '../../demo/origin/index.ts';
import { isSegmentPath, type OriginFiles } from './media.ts';

/** [second of the run, media bytes whose response ended in it]. */
export type OriginSecond = [number, number];

export interface OriginFigures {
  /** Media segment body bytes the origin sent. */
  readonly mediaBytes: number;
  /** Sizes of the distinct segments it sent, each once. */
  readonly distinctBytes: number;
  readonly distinctSegments: number;
  readonly segmentRequests: number;
  readonly playlistBytes: number;
  readonly playlistRequests: number;
  /**
   * Bytes (media and playlists) by the client id Node viewers send in X-Peerlane-Client;
   * browser pages send none (a custom header would add a CORS preflight to every request).
   */
  readonly byClient: Readonly<Record<string, number>>;
  readonly series: readonly OriginSecond[];
}

export class OriginMeter {
  readonly #origin: Origin;
  readonly #files: OriginFiles;
  readonly #series = new Map<number, OriginSecond>();
  readonly #unsubscribe: () => void;
  readonly #runStartEpochMs: number;

  constructor(origin: Origin, files: OriginFiles, runStartEpochMs: number) {
    this.#origin = origin;
    this.#files = files;
    this.#runStartEpochMs = runStartEpochMs;
    this.#unsubscribe = origin.onResponse(({ path, bytes }) => {
      if (!isSegmentPath(path)) return;
      const second = Math.floor((Date.now() - this.#runStartEpochMs) / 1000);
      const row = this.#series.get(second) ?? [second, 0];
      row[1] += bytes;
      this.#series.set(second, row);
    });
  }

  /** Media bytes so far. */
  mediaBytes(): number {
    let sum = 0;
    for (const [, bytes] of this.#series.values()) sum += bytes;
    return sum;
  }

  figures(): OriginFigures {
    this.#unsubscribe();
    const stats = this.#origin.stats();
    let mediaBytes = 0;
    let distinctBytes = 0;
    let distinctSegments = 0;
    let segmentRequests = 0;
    let playlistBytes = 0;
    let playlistRequests = 0;
    for (const [path, { bytes, requests }] of Object.entries(stats.byPath)) {
      if (!isSegmentPath(path)) {
        playlistBytes += bytes;
        playlistRequests += requests;
        continue;
      }
      mediaBytes += bytes;
      segmentRequests += requests;
      const file = this.#files.pathOf(path);
      if (file !== undefined && bytes > 0) {
        distinctBytes += this.#files.size(file);
        distinctSegments++;
      }
    }
    // Clients without an id are counted by address: all of them 127.0.0.1, so left out.
    const byClient = Object.fromEntries(
      Object.entries(stats.byClient)
        .filter(([client]) => !/^[\d.:a-f]+$/i.test(client))
        .map(([client, { bytes }]) => [client, bytes]),
    );
    return {
      mediaBytes,
      distinctBytes,
      distinctSegments,
      segmentRequests,
      playlistBytes,
      playlistRequests,
      byClient,
      series: [...this.#series.values()].sort((a, b) => a[0] - b[0]),
    };
  }
}
