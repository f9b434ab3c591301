export { swarmIdFromManifestUrl, segmentId, infoHashOf } from './identity.ts';
export type { ByteRange, SegmentKey } from './identity.ts';
export { Engine } from './engine/engine.ts';
export type {
  EngineEvents,
  EngineStats,
  LoadCallbacks,
  LoadInfo,
  PeerStats,
  Platform,
  PlaybackState,
  Source,
  StreamOptions,
} from './engine/types.ts';
export { RUNTIME_OPTIONS } from './config.ts';
export type { PeerlaneConfig } from './config.ts';
export { PeerlaneError, HttpStatusError } from './errors.ts';
export type { PeerlaneErrorCode } from './errors.ts';
export { sha256Sidecar } from './integrity/sha256-sidecar.ts';
export type { TrustedHash, ValidateSegment } from './integrity/verify.ts';
export type { Segment } from './streams/model.ts';
export type { SegmentStore, StoreChange, Playback } from './storage/segment-store.ts';
export type { HttpReason } from './scheduler/types.ts';
export type { RequestSetup } from './http/types.ts';
