export { SUPPORTED_HLS_VERSIONS, isSupportedHlsVersion } from './version.ts';
export { swarmIdFromManifestUrl } from '@peerlane/core';
