export { Peerlane } from './peerlane.ts';
export type { HlsClass, PeerlaneHlsConfig } from './peerlane.ts';
export { SUPPORTED_HLS_VERSIONS, isSupportedHlsVersion } from './version.ts';
export {
  PeerlaneError,
  HttpStatusError,
  RUNTIME_OPTIONS,
  sha256Sidecar,
  swarmIdFromManifestUrl,
} from '@peerlane/core';
export type {
  Engine,
  EngineEvents,
  EngineStats,
  LoadCallbacks,
  LoadInfo,
  PeerStats,
  PlaybackState,
  Segment,
  PeerlaneConfig,
  PeerlaneErrorCode,
  Platform,
  Source,
} from '@peerlane/core';
