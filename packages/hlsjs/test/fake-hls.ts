import type { Hls, HlsConfig, Level, LevelDetails, MediaPlaylist } from '../src/hls-types.ts';
import { FakeHttpLoader } from './fake-loader.ts';

type Listener = (event: string, data: never) => void;

/** An Hls stand-in for Node: the members the adapter reads, and events the test fires. */
export class FakeHls {
  static version = '1.7.4';
  readonly config: HlsConfig;
  levels: Level[] = [];
  allAudioTracks: MediaPlaylist[] = [];
  loadLevel = 0;
  url: string | null = null;
  media: HTMLMediaElement | null = null;
  bandwidthEstimate = 1_000_000;
  ttfbEstimate = 100;
  readonly #listeners = new Map<string, Set<Listener>>();

  constructor(config: Partial<HlsConfig> = {}) {
    this.config = { loader: FakeHttpLoader, ...config } as unknown as HlsConfig;
  }

  on(event: string, listener: Listener): void {
    let listeners = this.#listeners.get(event);
    if (listeners === undefined) this.#listeners.set(event, (listeners = new Set()));
    listeners.add(listener);
  }

  off(event: string, listener: Listener): void {
    this.#listeners.get(event)?.delete(listener);
  }

  trigger(event: string, data: object = {}): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(event, data as never);
  }

  listeners(): number {
    return [...this.#listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }

  loadSource(url: string): void {
    this.url = url;
    this.trigger('hlsManifestLoading', { url });
  }

  destroy(): void {
    this.trigger('hlsDestroying');
  }

  asHls(): Hls {
    return this as unknown as Hls;
  }
}

export interface FakeFragment {
  sn: number | 'initSegment';
  start: number;
  duration: number;
  url: string;
  byteRange: [number, number] | [];
  initSegment: FakeFragment | null;
  bitrateTest: boolean;
  gap?: boolean;
}

export function fakeFragment(sn: number, more: Partial<FakeFragment> = {}): FakeFragment {
  return {
    sn,
    start: sn * 2,
    duration: 2,
    url: `https://cdn-a.example/live/240p/seg-${sn}.m4s?token=${sn}`,
    byteRange: [],
    initSegment: null,
    bitrateTest: false,
    ...more,
  };
}

export function fakeDetails(fragments: FakeFragment[], live = false): LevelDetails {
  return { fragments, live } as unknown as LevelDetails;
}

export function fakeLevel(bandwidth: number, details?: LevelDetails): Level {
  return {
    attrs: { BANDWIDTH: String(bandwidth) },
    bitrate: bandwidth,
    details,
  } as unknown as Level;
}
