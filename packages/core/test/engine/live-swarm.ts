import { readFileSync } from 'node:fs';
import { DEFAULT_MEDIA_ROOT, type Origin } from '../../../../demo/origin/index.ts';
import type { PeerlaneConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { Source } from '../../src/engine/types.ts';
import type { HttpReason } from '../../src/scheduler/types.ts';
import type { Segment } from '../../src/streams/model.ts';
import { load, parsePlaylist } from './engine-harness.ts';
import { nodePlatform, p2pConfig } from './support.ts';

/**
 * N engines with real WebRTC (node-datachannel) and a tracker on the local origin's live
 * stream, each with a simulated hls.js: its own playlist refresh every 2 s at its own
 * phase, a playhead 6 to 8 s behind the wall clock (hls.js's three target durations
 * behind the last segment it knows) that starts moving once the first segment arrived,
 * and fragment loads one after the other from the segment under the playhead on, each
 * asked for as soon as its playlist shows it.
 */

export interface LiveSwarmOptions {
  readonly origin: Origin;
  readonly announceUrl: string;
  readonly engines: number;
  readonly seconds: number;
  /** Uniform in [0, 1): phases, playhead distances, join times. */
  readonly random: () => number;
  /** Viewers join over this many ms from the start. Default 0: all at once. */
  readonly joinSpreadMs?: number;
  /** Loads in the first seconds of the run are left out of the steady-state figures. Default 8. */
  readonly warmupSeconds?: number;
  readonly config?: PeerlaneConfig;
}

export interface LiveSwarmResult {
  /** Segments each engine delivered to its player. */
  readonly delivered: readonly number[];
  /** Deliveries by source. */
  readonly sources: Readonly<Record<Source, number>>;
  /** Deliveries whose bytes differed from the origin's file. */
  readonly mismatches: number;
  /** Deliveries that came after the playhead reached the segment. */
  readonly stalls: number;
  readonly http: number;
  readonly p2p: number;
  /** p2p / (http + p2p) over the whole run, startup included. */
  readonly ratio: number;
  /** Segments first delivered after the warm-up and delivered to every engine. */
  readonly steadySegments: number;
  /** Origin bytes for those segments over their size: CDN copies per segment. */
  readonly copiesPerSegment: number;
  /** 1 − copies / engines over those segments: the steady-state P2P ratio. */
  readonly steadyRatio: number;
  readonly httpReasons: Readonly<Record<HttpReason, number>>;
}

const RENDITION = '240p';
const REFRESH_MS = 2000;

/** The fixture a live segment URL (`…/<k>/seg-NNN.ts`) replays. */
const fixtureOf = (url: string): Buffer =>
  readFileSync(`${DEFAULT_MEDIA_ROOT}/ts/${RENDITION}/${url.split('/').at(-1) ?? ''}`);

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runLiveSwarm(options: LiveSwarmOptions): Promise<LiveSwarmResult> {
  const { origin, engines: count, random, joinSpreadMs = 0, warmupSeconds = 8 } = options;
  const playlistUrl = `${origin.url}/live/ts/${RENDITION}/index.m3u8`;
  const startedAt = Date.now();
  const endAt = startedAt + options.seconds * 1000;
  const sources: Record<Source, number> = { http: 0, p2p: 0, memory: 0 };
  const delivered = Array.from({ length: count }, () => 0);
  /** Segment id → [first delivery time, deliveries, size, url]. */
  const bySegment = new Map<string, { first: number; count: number; size: number; url: string }>();
  let mismatches = 0;
  let stalls = 0;
  const engines: Engine[] = [];
  const stops: (() => void)[] = [];
  origin.resetStats();

  const viewer = async (index: number): Promise<void> => {
    await pause(random() * joinSpreadMs);
    const engine = new Engine(
      { ...p2pConfig(options.announceUrl), ...options.config },
      nodePlatform,
    );
    engines.push(engine);
    // The playhead stands still until the first segment arrives, as a player's does.
    const start = Date.now() / 1000 - 6 - 2 * random();
    let playingSince: number | undefined;
    const position = (): number =>
      start + (playingSince === undefined ? 0 : (Date.now() - playingSince) / 1000);
    let segments: Segment[] = [];
    let refreshed = (): void => undefined;
    let fresh = new Promise<void>((resolve) => (refreshed = resolve));
    const refresh = async (): Promise<void> => {
      segments = parsePlaylist(await (await fetch(playlistUrl)).text(), playlistUrl, RENDITION);
      engine.updateSegments(RENDITION, segments);
      refreshed();
      fresh = new Promise<void>((resolve) => (refreshed = resolve));
    };
    const report = (): void => {
      engine.setPlayback({ position: position(), rate: 1, rendition: RENDITION });
    };
    await engine.setStream({ manifestUrl: playlistUrl, live: true });
    report();
    await refresh();
    let refresher: ReturnType<typeof setTimeout> | undefined;
    const scheduleRefresh = (): void => {
      refresher = setTimeout(() => {
        scheduleRefresh();
        void refresh();
      }, REFRESH_MS);
    };
    // Its own phase: viewers' refreshes are not in step.
    refresher = setTimeout(scheduleRefresh, random() * REFRESH_MS);
    const playhead = setInterval(report, 250);
    stops.push(() => {
      clearTimeout(refresher);
      clearInterval(playhead);
    });
    let sequence = segments.find((s) => s.startTime + s.duration > position())?.sequence ?? 0;
    while (Date.now() < endAt) {
      const segment = segments.find((s) => s.sequence === sequence);
      if (segment === undefined) {
        await Promise.race([fresh, pause(endAt - Date.now())]);
        continue;
      }
      const { bytes, info } = await load(engine, segment.id, 20_000);
      if (playingSince === undefined) playingSince = Date.now();
      else if (position() > segment.startTime) stalls++;
      if (!Buffer.from(bytes).equals(fixtureOf(segment.url))) mismatches++;
      delivered[index] = (delivered[index] ?? 0) + 1;
      sources[info.source]++;
      const seen = bySegment.get(segment.id);
      if (seen) seen.count++;
      else {
        const { url } = segment;
        bySegment.set(segment.id, { first: Date.now(), count: 1, size: bytes.length, url });
      }
      sequence++;
    }
  };

  try {
    await Promise.all(Array.from({ length: count }, (_, i) => viewer(i)));
  } finally {
    for (const stop of stops) stop();
  }
  const stats = engines.map((engine) => engine.stats());
  await Promise.all(engines.map((engine) => engine.destroy()));

  const http = stats.reduce((sum, s) => sum + s.http, 0);
  const p2p = stats.reduce((sum, s) => sum + s.p2p, 0);
  const httpReasons = { urgent: 0, seed: 0, fallback: 0, 'no-peer': 0 };
  for (const s of stats) {
    for (const reason of Object.keys(httpReasons) as HttpReason[]) {
      httpReasons[reason] += s.httpReasons[reason];
    }
  }
  const byPath = origin.stats().byPath;
  const steady = [...bySegment.values()].filter(
    (s) => s.first >= startedAt + warmupSeconds * 1000 && s.count === count,
  );
  const copies = steady.map((s) => (byPath[new URL(s.url).pathname]?.bytes ?? 0) / s.size);
  const copiesPerSegment = copies.reduce((sum, c) => sum + c, 0) / (copies.length || 1);
  return {
    delivered,
    sources,
    mismatches,
    stalls,
    http,
    p2p,
    ratio: p2p / (http + p2p || 1),
    steadySegments: steady.length,
    copiesPerSegment,
    steadyRatio: 1 - copiesPerSegment / count,
    httpReasons,
  };
}
