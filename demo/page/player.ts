import Hls from 'hls.js';
import { Peerlane } from '@peerlane/hlsjs';
import type { Log } from './event-log.ts';
import { formatBytes, shortPeerId, shortSegmentId } from './format.ts';
import { PeerLedger } from './peer-ledger.ts';
import type { PlayerSettings } from './settings.ts';

/** Closed peers stay in the peer table this long. */
const KEEP_CLOSED_PEERS_MS = 30_000;

/** One stream played through Peerlane: what the page reads its figures from. */
export interface Session {
  readonly peerlane: Peerlane;
  readonly hls: Hls;
  readonly peers: PeerLedger;
  destroy(): void;
}

/**
 * Plays `settings.src` in `video` with hls.js and Peerlane, exactly as an app
 * would, and reports what happens to `log`.
 */
export function startSession(video: HTMLVideoElement, settings: PlayerSettings, log: Log): Session {
  const peerlane = new Peerlane({ trackers: [settings.tracker], p2p: settings.p2p });
  const hls = peerlane.createHls(Hls, {});
  const peers = new PeerLedger(KEEP_CLOSED_PEERS_MS);
  const now = (): number => performance.now();

  peerlane.on('segmentLoaded', (event) => {
    const from =
      event.peerId === undefined ? event.source : `${event.source} ${shortPeerId(event.peerId)}`;
    const ms = Math.round(event.endedAt - event.startedAt);
    log(
      'segment',
      `${shortSegmentId(event.segmentId)} from ${from}: ${formatBytes(event.bytes)} in ${ms} ms`,
    );
  });
  peerlane.on('peerConnected', ({ peerId }) => {
    peers.connected(peerId, now());
    log('peer', `peer ${shortPeerId(peerId)} connected`);
  });
  peerlane.on('peerClosed', ({ peerId, reason }) => {
    peers.closed(peerId, reason.code, now());
    log('peer', `peer ${shortPeerId(peerId)} closed (${reason.code}): ${reason.message}`);
  });
  peerlane.on('bytesDownloaded', ({ peerId, bytes }) => {
    if (peerId !== undefined) peers.downloaded(peerId, bytes, now());
  });
  peerlane.on('bytesUploaded', ({ peerId, bytes }) => {
    peers.uploaded(peerId, bytes, now());
  });
  peerlane.on('trackerWarning', ({ tracker, message }) => {
    log('warning', `tracker ${tracker}: ${message}`);
  });
  peerlane.on('integrityFailure', ({ segmentId, peerIds, detail }) => {
    log(
      'error',
      `${shortSegmentId(segmentId)} failed integrity (${detail}); banned ${peerIds.map(shortPeerId).join(', ')}`,
    );
  });

  hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
    log('player', `manifest: ${data.levels.length} renditions`);
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => {
    log('player', `rendition ${hls.levels[data.level]?.height ?? '?'}p`);
  });
  hls.on(Hls.Events.ERROR, (_event, data) => {
    log(data.fatal ? 'error' : 'warning', `${data.fatal ? 'fatal' : 'recovered'}: ${data.details}`);
  });

  log(
    'player',
    `playing ${settings.src} (P2P ${settings.p2p ? 'on' : 'off'}, tracker ${settings.tracker})`,
  );
  hls.loadSource(settings.src);
  hls.attachMedia(video);
  video.play().catch(() => {
    log('player', 'press play to start');
  });
  return {
    peerlane,
    hls,
    peers,
    destroy: () => {
      hls.destroy();
    },
  };
}
