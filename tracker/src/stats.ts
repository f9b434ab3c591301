import type { Counters } from './counters.ts';

export interface TrackerStats extends Counters {
  uptimeSeconds: number;
  /** Whether offers go to nearby peers first (the `nearby` option). */
  nearby: boolean;
  memory: { rss: number; heapUsed: number };
}

/** The /stats.json document: the running counters plus uptime and memory. */
export function statsSnapshot(
  counters: Counters,
  startedAt: number,
  nearby: boolean,
): TrackerStats {
  const { rss, heapUsed } = process.memoryUsage();
  return {
    ...structuredClone(counters),
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    nearby,
    memory: { rss, heapUsed },
  };
}
