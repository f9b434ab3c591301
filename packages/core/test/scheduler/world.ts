import type { PeerView, SchedulerInput, WantedSegment } from '../../src/scheduler/types.ts';

export const KiB = 1024;

interface PeerSpec {
  readonly id: string;
  /** Segment id → size of what it has. */
  readonly has?: Readonly<Record<string, number>>;
  readonly fetching?: readonly string[];
  readonly throughput?: number;
  readonly rtt?: number;
  readonly busy?: number;
  readonly maxRequests?: number;
  readonly proven?: boolean;
}

export function peer(spec: PeerSpec): PeerView {
  const has = new Map(Object.entries(spec.has ?? {}));
  return {
    id: spec.id,
    has: (segmentId) => has.get(segmentId),
    fetching: (segmentId) => spec.fetching?.includes(segmentId) ?? false,
    throughput: spec.throughput,
    rtt: spec.rtt,
    busy: spec.busy ?? 0,
    maxRequests: spec.maxRequests ?? 4,
    proven: spec.proven ?? false,
  };
}

/** Segments `s0`, `s1` … of `duration` seconds from time 0. */
export function segments(count: number, duration = 4): WantedSegment[] {
  return Array.from({ length: count }, (_, i) => ({ id: `s${i}`, startTime: i * duration }));
}

/** A VOD viewer at position 0, no peers, HTTP at 1 MB/s, clock at 10 s. */
export function world(overrides: Partial<SchedulerInput> = {}): SchedulerInput {
  return {
    now: 10_000,
    position: 0,
    rate: 1,
    live: false,
    segments: segments(3),
    peers: [],
    selfId: 'self',
    httpThroughput: 1_000_000,
    ...overrides,
  };
}
