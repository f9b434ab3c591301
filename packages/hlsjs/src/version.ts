import Hls from 'hls.js';

/** The hls.js minor versions whose loader contract Peerlane is built and tested against. */
export const SUPPORTED_HLS_VERSIONS = ['1.5', '1.6', '1.7'] as const;

/** Whether an hls.js version string (by default the loaded hls.js) is one Peerlane supports. */
export function isSupportedHlsVersion(version: string = Hls.version): boolean {
  const match = /^(\d+)\.(\d+)\./.exec(version);
  if (match === null) return false;
  return (SUPPORTED_HLS_VERSIONS as readonly string[]).includes(`${match[1]}.${match[2]}`);
}
