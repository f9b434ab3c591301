/**
 * When each viewer of a run joins and leaves, and its uplink: a ramp of the
 * first N joins, then for churn scenarios, every period a share of the viewers
 * present leave and as many new ones join. Seeded, so a run replays.
 */
import { seededRandom } from '../../test/support/seeded-random.ts';
import type { ViewerPlan } from './shared/viewer.ts';

export interface ScheduleOptions {
  readonly viewers: number;
  readonly durationMs: number;
  /** The N first viewers join evenly over this long, the first at 0. */
  readonly rampMs: number;
  readonly churn?: { readonly fraction: number; readonly everyMs: number };
  /** Bytes/s of viewer i's uplink (i in join order), null for unlimited. */
  readonly uplink: (index: number) => number | null;
  readonly seed: number;
}

/** Joiners after a churn step arrive one this far apart, not all in the same instant. */
const CHURN_JOIN_SPACING_MS = 1000;

export function schedule(options: ScheduleOptions): ViewerPlan[] {
  const { viewers, durationMs, rampMs, churn, uplink } = options;
  const random = seededRandom(options.seed);
  const plans: { id: string; joinAtMs: number; leaveAtMs: number | null; index: number }[] = [];
  const add = (joinAtMs: number): void => {
    const index = plans.length;
    plans.push({ id: `v${index}`, joinAtMs, leaveAtMs: null, index });
  };
  for (let i = 0; i < viewers; i++) add(viewers > 1 ? Math.round((rampMs * i) / viewers) : 0);
  if (churn !== undefined) {
    for (let at = churn.everyMs; at < durationMs; at += churn.everyMs) {
      const present = plans.filter((p) => p.joinAtMs < at && p.leaveAtMs === null);
      const leaving = Math.round(present.length * churn.fraction);
      for (let k = 0; k < leaving; k++) {
        const [out] = present.splice(Math.floor(random() * present.length), 1);
        if (out) out.leaveAtMs = at;
      }
      for (let k = 0; k < leaving; k++) {
        const joinAtMs = at + k * CHURN_JOIN_SPACING_MS;
        if (joinAtMs < durationMs) add(joinAtMs);
      }
    }
  }
  return plans.map(({ id, joinAtMs, leaveAtMs, index }) => ({
    id,
    joinAtMs,
    leaveAtMs,
    uplinkBytesPerSecond: uplink(index),
  }));
}
