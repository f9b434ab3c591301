import { expect } from 'chai';
import { Engine, type Segment } from '../../packages/core/src/index.ts';
import { load, parsePlaylist, until } from '../../packages/core/test/engine/engine-harness.ts';

/**
 * Two engines in one page, with the browser's own RTCPeerConnection and WebSocket (the
 * engine's defaults), our tracker and the local origin's live stream, both started by
 * karma.conf.cjs. Each engine has a simulated player a few seconds behind live, one a
 * little behind the other, so the second can take segments from the first.
 */

declare global {
  interface Window {
    __karma__: { config: { peerlane: { originUrl: string; announceUrl: string } } };
  }
}

const RUN_MS = 18_000;
/** Seconds each playhead sits behind the wall clock (the live edge). */
const BEHIND = [6, 8] as const;
const RENDITION = '240p';

/** The origin's bytes for `url`, by a plain fetch that bypasses the HTTP cache. */
async function originBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe('Engine in the browser', () => {
  it('two engines on a live stream share segments over WebRTC, byte-identical to the origin', async function () {
    this.timeout(60_000);
    const { originUrl, announceUrl } = window.__karma__.config.peerlane;
    const playlistUrl = `${originUrl}/live/ts/${RENDITION}/index.m3u8`;
    const engines = BEHIND.map(
      () => new Engine({ trackers: [announceUrl], rtcConfig: { iceServers: [] } }),
    );
    const errors: string[] = [];
    const offs = engines.flatMap((engine, i) => [
      engine.on('trackerWarning', ({ message }) => errors.push(`engine ${i} tracker: ${message}`)),
      engine.on('integrityFailure', ({ segmentId: id, detail }) =>
        errors.push(`engine ${i} integrity ${id}: ${detail}`),
      ),
    ]);

    let segments: Segment[] = [];
    let refreshed = (): void => undefined;
    let fresh = new Promise<void>((resolve) => (refreshed = resolve));
    const refresh = async (): Promise<void> => {
      const response = await fetch(playlistUrl, { cache: 'no-store' });
      segments = parsePlaylist(await response.text(), playlistUrl, RENDITION);
      for (const engine of engines) engine.updateSegments(RENDITION, segments);
      refreshed();
      fresh = new Promise<void>((resolve) => (refreshed = resolve));
    };
    const position = (i: number): number => Date.now() / 1000 - (BEHIND[i] ?? 0);
    const tick = (): void => {
      engines.forEach((engine, i) => {
        engine.setPlayback({ position: position(i), rate: 1, rendition: RENDITION });
      });
    };

    const connected = engines.map((engine) => until(engine, 'peerConnected', () => true, 15_000));
    await Promise.all(
      engines.map((engine) => engine.setStream({ manifestUrl: playlistUrl, live: true })),
    );
    await refresh();
    const refresher = setInterval(() => {
      refresh().catch((error: unknown) => errors.push(`playlist: ${String(error)}`));
    }, 2000);
    tick();
    const playheads = setInterval(tick, 250);
    const started = performance.now();
    const endAt = Date.now() + RUN_MS;
    const delivered = engines.map(() => 0);

    /** A player: from the segment under its playhead on, each segment in order, once. */
    const play = async (i: number, engine: Engine): Promise<void> => {
      let sequence = segments.find((s) => s.startTime + s.duration > position(i))?.sequence ?? 0;
      while (Date.now() < endAt) {
        const segment = segments.find((s) => s.sequence === sequence);
        if (segment === undefined) {
          await fresh;
          continue;
        }
        const [{ bytes }, expected] = await Promise.all([
          load(engine, segment.id),
          originBytes(segment.url),
        ]);
        expect(sameBytes(bytes, expected), `engine ${i} ${segment.id} bytes`).to.equal(true);
        delivered[i] = (delivered[i] ?? 0) + 1;
        sequence++;
      }
    };

    try {
      await Promise.all(connected);
      await Promise.all(engines.map((engine, i) => play(i, engine)));
    } finally {
      clearInterval(refresher);
      clearInterval(playheads);
      for (const off of offs) off();
    }
    const stats = engines.map((engine) => engine.stats());
    await Promise.all(engines.map((engine) => engine.destroy()));

    const http = stats.reduce((sum, s) => sum + s.http, 0);
    const p2p = stats.reduce((sum, s) => sum + s.p2p, 0);
    console.log(
      `engines delivered ${delivered.join('/')} segments in ${Math.round(performance.now() - started)} ms;` +
        ` http ${http} B, p2p ${p2p} B, ratio ${(p2p / (http + p2p)).toFixed(2)};` +
        ` reasons ${JSON.stringify(stats.map((s) => s.httpReasons))}`,
    );
    expect(errors).to.deep.equal([]);
    for (const count of delivered) expect(count).to.be.at.least(5);
    expect(p2p).to.be.greaterThan(0);
  });
});
