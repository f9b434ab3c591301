export { swarmIdFromManifestUrl, segmentId, infoHashOf } from './identity.ts';
export type { ByteRange, SegmentKey } from './identity.ts';
