/** The hls.js minor versions whose loader contract Peerlane is built and tested against. */
export const SUPPORTED_HLS_VERSIONS = ['1.5', '1.6', '1.7'] as const;

function minorOf(version: string): [major: number, minor: number] | undefined {
  const match = /^(\d+)\.(\d+)\./.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * Whether an hls.js version (`Hls.version`) is one Peerlane is tested against. The
 * adapter never imports hls.js itself, so the version is the caller's to give.
 */
export function isSupportedHlsVersion(version: string): boolean {
  const minor = minorOf(version);
  return (
    minor !== undefined && (SUPPORTED_HLS_VERSIONS as readonly string[]).includes(minor.join('.'))
  );
}

/**
 * Whether the loader contract of this hls.js version is the one Peerlane speaks: 1.5
 * and any later 1.x (a newer minor is untested, not refused: sites that load
 * `hls.js@1` from a CDN must keep playing when it moves on).
 */
export function isCompatibleHlsVersion(version: string): boolean {
  const minor = minorOf(version);
  return minor !== undefined && minor[0] === 1 && minor[1] >= 5;
}
