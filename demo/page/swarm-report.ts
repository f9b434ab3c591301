import type { Traffic } from './traffic.ts';

/** What each compact player tells the swarm view that embeds it, once a second. */
export interface SwarmReport {
  readonly type: 'peerlane-demo-report';
  /** Cumulative bytes of the player's current session. */
  readonly totals: Traffic;
  readonly peers: number;
  readonly playing: boolean;
}

export function isSwarmReport(data: unknown): data is SwarmReport {
  if (typeof data !== 'object' || data === null) return false;
  const report = data as Partial<SwarmReport>;
  const totals = report.totals as Partial<Traffic> | undefined;
  return (
    report.type === 'peerlane-demo-report' &&
    typeof report.peers === 'number' &&
    typeof report.playing === 'boolean' &&
    typeof totals?.http === 'number' &&
    typeof totals.p2p === 'number' &&
    typeof totals.upload === 'number'
  );
}
