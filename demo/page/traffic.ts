/** Bytes by direction and source, cumulative or over an interval. */
export interface Traffic {
  readonly http: number;
  readonly p2p: number;
  readonly upload: number;
}

export const NO_TRAFFIC: Traffic = { http: 0, p2p: 0, upload: 0 };

/**
 * Bytes between two readings of cumulative counters. A counter that went back
 * belongs to a new player (another stream was chosen): it counts from zero.
 */
export function trafficSince(previous: Traffic, current: Traffic): Traffic {
  const since = (key: keyof Traffic): number =>
    current[key] >= previous[key] ? current[key] - previous[key] : current[key];
  return { http: since('http'), p2p: since('p2p'), upload: since('upload') };
}

export function addTraffic(a: Traffic, b: Traffic): Traffic {
  return { http: a.http + b.http, p2p: a.p2p + b.p2p, upload: a.upload + b.upload };
}
