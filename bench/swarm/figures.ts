/** The figures of one run, read off its result: what the reports print and plot. */
import type { RunResult } from './session.ts';

/** After the last of the first N joins, this long before the swarm counts as steady. */
const SETTLE_SECONDS = 10;

export interface RunFigures {
  /** The ideal P2P ratio with N viewers: every segment over HTTP once, 1 − 1/N. */
  readonly bound: number;
  /** P2P bytes ÷ all bytes, as the SDKs counted them; null for P2P off. */
  readonly p2pRatio: number | null;
  /** The same over the steady part of the run (all joined and settled). */
  readonly steadyP2pRatio: number | null;
  /** 1 − origin media bytes ÷ bytes the players received: the CDN's view, SDK-independent. */
  readonly offload: number | null;
  /** Origin media bytes ÷ bytes of the distinct segments; 1 is the floor. */
  readonly copies: number | null;
  /** Median over viewers and seconds, live only. */
  readonly behindLiveSeconds: number | null;
  readonly stalls: number;
  readonly stalledSeconds: number;
  readonly viewersStalled: number;
  readonly startupMedianMs: number | null;
  readonly startupMaxMs: number | null;
  /** Viewers that never started playing. */
  readonly neverPlayed: number;
  /** Mean bitrate on screen, kbit/s. */
  readonly bitrateKbps: number | null;
  /** Uploaded bytes per viewer: the most and the median. */
  readonly uploadMaxBytes: number;
  readonly uploadMedianBytes: number;
  /** CPU cores per viewer while it was there. */
  readonly cpuPerViewer: number | null;
  readonly fatalErrors: number;
  readonly bytesChecked: number;
  readonly bytesMismatched: number;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The second from which the swarm is steady: all first N joined, plus a settling time. */
export function steadyFromSecond(result: RunResult): number {
  const lastJoin = Math.max(0, ...result.plans.slice(0, result.viewers).map((p) => p.joinAtMs));
  return Math.ceil(lastJoin / 1000) + SETTLE_SECONDS;
}

export function figuresOf(result: RunResult): RunFigures {
  const { reports, origin, sdk } = result;
  const sum = (pick: (r: (typeof reports)[number]) => number): number =>
    reports.reduce((total, r) => total + pick(r), 0);
  const http = sum((r) => r.http);
  const p2p = sum((r) => r.p2p);
  const steadyFrom = steadyFromSecond(result);
  let steadyHttp = 0;
  let steadyP2p = 0;
  for (const report of reports) {
    for (const [second, h, p] of report.series) {
      if (second < steadyFrom) continue;
      steadyHttp += h;
      steadyP2p += p;
    }
  }
  const playerBytes = sum((r) => r.playerBytes);
  const startups = reports.flatMap((r) => (r.startupMs === null ? [] : [r.startupMs]));
  const uploads = reports.map((r) => r.uploaded);
  const fatal = (r: (typeof reports)[number]): number =>
    Object.entries(r.errors)
      .filter(([what]) => what.includes('(fatal)'))
      .reduce((n, [, count]) => n + count, 0);
  const offload = ratio(origin.mediaBytes, playerBytes);
  return {
    bound: 1 - 1 / result.viewers,
    p2pRatio: sdk === 'off' ? null : ratio(p2p, http + p2p),
    steadyP2pRatio: sdk === 'off' ? null : ratio(steadyP2p, steadyHttp + steadyP2p),
    offload: offload === null ? null : 1 - offload,
    copies: ratio(origin.mediaBytes, origin.distinctBytes),
    behindLiveSeconds: result.live ? median(reports.flatMap((r) => r.behindLiveSeconds)) : null,
    stalls: sum((r) => r.stalls),
    stalledSeconds: sum((r) => r.stalledMs) / 1000,
    viewersStalled: reports.filter((r) => r.stalls > 0).length,
    startupMedianMs: median(startups),
    startupMaxMs: startups.length > 0 ? Math.max(...startups) : null,
    neverPlayed: reports.filter((r) => r.startupMs === null).length,
    bitrateKbps: ((m) => (m === null ? null : m / 1000))(
      mean(reports.flatMap((r) => r.bitrateSamples)),
    ),
    uploadMaxBytes: Math.max(0, ...uploads),
    uploadMedianBytes: median(uploads) ?? 0,
    cpuPerViewer: ratio(result.cpuSeconds, result.viewerSeconds),
    fatalErrors: sum(fatal),
    bytesChecked: result.bytesCheck.checked,
    bytesMismatched: result.bytesCheck.mismatched,
  };
}
