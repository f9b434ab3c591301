/**
 * The scenarios of the swarm benchmark. Every one runs with each SDK's default
 * settings; the P2P-off run of the same scenario is the baseline for startup,
 * stalls and bitrate.
 */

export interface Scenario {
  readonly name: string;
  readonly title: string;
  readonly live: boolean;
  /** Live playlist window in segments (the origin's `?window=`). */
  readonly window: number;
  /** One rendition (the highest), or the master playlist with hls.js ABR. */
  readonly abr: boolean;
  /** Share of the run over which the first N viewers join. */
  readonly rampShare: number;
  readonly churn?: { readonly fraction: number; readonly everySeconds: number };
  /** Every viewer's uplink, as a multiple of the rendition's bitrate. */
  readonly uplinkAll?: number;
  /** The first viewer's uplink, as a multiple of the bitrate; the others are unlimited. */
  readonly uplinkFirst?: number;
}

/** Live joins spread over the first tenth of the run; VOD joins over half of it. */
const LIVE_RAMP = 0.1;

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'live6',
    title: 'live, 1 rendition, 6-segment window',
    live: true,
    window: 6,
    abr: false,
    rampShare: LIVE_RAMP,
  },
  {
    name: 'live15',
    title: 'live, 1 rendition, 15-segment window',
    live: true,
    window: 15,
    abr: false,
    rampShare: LIVE_RAMP,
  },
  {
    name: 'abr',
    title: 'live, 3 renditions with ABR, 6-segment window',
    live: true,
    window: 6,
    abr: true,
    rampShare: LIVE_RAMP,
  },
  {
    name: 'vod',
    title: 'VOD, 1 rendition, staggered joins',
    live: false,
    window: 6,
    abr: false,
    rampShare: 0.5,
  },
  {
    name: 'churn',
    title: 'live, 6-segment window, 30% leave and others join each minute',
    live: true,
    window: 6,
    abr: false,
    rampShare: LIVE_RAMP,
    churn: { fraction: 0.3, everySeconds: 60 },
  },
  {
    name: 'upload-cap',
    title: 'live, 6-segment window, every uplink 1.5× the bitrate',
    live: true,
    window: 6,
    abr: false,
    rampShare: LIVE_RAMP,
    uplinkAll: 1.5,
  },
  {
    name: 'slow-uplink',
    title: 'live, 6-segment window, the first viewer’s uplink 0.25× the bitrate',
    live: true,
    window: 6,
    abr: false,
    rampShare: LIVE_RAMP,
    uplinkFirst: 0.25,
  },
];

export function scenarioNamed(name: string): Scenario {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (scenario === undefined) {
    throw new Error(
      `unknown scenario '${name}' (expected ${SCENARIOS.map((s) => s.name).join(', ')})`,
    );
  }
  return scenario;
}
