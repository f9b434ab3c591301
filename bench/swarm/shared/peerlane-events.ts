/** Feeds a viewer's meter from Peerlane's events: the engine's in Node, the adapter's in the page. */
import type { EngineEvents } from '@peerlane/core';
import type { PlaybackMeter } from './playback-meter.ts';

export interface PeerlaneEmitter {
  on<K extends keyof EngineEvents>(event: K, listener: (value: EngineEvents[K]) => void): unknown;
}

export function meterPeerlane(emitter: PeerlaneEmitter, meter: PlaybackMeter): void {
  emitter.on('bytesDownloaded', ({ source, bytes }) => {
    meter.bytes(source, bytes);
  });
  emitter.on('bytesUploaded', ({ bytes }) => {
    meter.bytes('uploaded', bytes);
  });
  emitter.on('peerConnected', () => {
    meter.peers(1);
  });
  emitter.on('peerClosed', () => {
    meter.peers(-1);
  });
  emitter.on('trackerWarning', ({ message }) => {
    meter.error(`tracker: ${message}`);
  });
  emitter.on('integrityFailure', () => {
    meter.error('integrityFailure');
  });
}
