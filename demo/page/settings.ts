import type { DemoConfig } from './demo-config.ts';

/** What a demo player plays and how; carried in the page's query so a copied URL joins the same swarm. */
export interface PlayerSettings {
  /** Absolute manifest URL. */
  readonly src: string;
  /** Tracker announce URL. */
  readonly tracker: string;
  readonly p2p: boolean;
}

export interface Preset {
  readonly label: string;
  readonly url: string;
}

const VARIANT_LABELS: Record<string, string> = {
  ts: 'MPEG-TS',
  fmp4: 'fMP4',
  byterange: 'byte ranges',
  audio: 'alternate audio',
};

/** Origin streams, live ones first (live is where viewers overlap and P2P pays). */
export function presets(config: DemoConfig, base: string): Preset[] {
  const ordered = [...config.variants].sort(
    (a, b) => Number(b === 'ts') - Number(a === 'ts') || a.localeCompare(b),
  );
  return (['live', 'vod'] as const).flatMap((kind) =>
    ordered.map((variant) => ({
      label: `${kind === 'live' ? 'Live' : 'VOD'} · ${VARIANT_LABELS[variant] ?? variant}`,
      url: new URL(`/${kind}/${encodeURIComponent(variant)}/master.m3u8`, base).href,
    })),
  );
}

/** The demo's own tracker on the page's host and port, unless the server names another. */
export function defaultTracker(config: DemoConfig, page: URL): string {
  if (config.tracker !== null) return config.tracker;
  return `${page.protocol === 'https:' ? 'wss' : 'ws'}://${page.host}/announce`;
}

export function readSettings(query: URLSearchParams, defaults: PlayerSettings): PlayerSettings {
  return {
    src: query.get('src') ?? defaults.src,
    tracker: query.get('tracker') ?? defaults.tracker,
    p2p: query.has('p2p') ? query.get('p2p') !== '0' : defaults.p2p,
  };
}

export function settingsQuery(
  settings: PlayerSettings,
  extra: Record<string, string> = {},
): string {
  const query = new URLSearchParams({
    src: settings.src,
    tracker: settings.tracker,
    p2p: settings.p2p ? '1' : '0',
    ...extra,
  });
  return `?${query.toString()}`;
}
