import Hls from 'hls.js';
import Hls15 from 'hls.js-1.5';
import Hls16 from 'hls.js-1.6';

/**
 * The hls.js versions every adapter test runs against, in one page. The older ones are
 * typed as the newest: the adapter only touches what 1.5 to 1.7 share.
 */
export const HLS_VERSIONS: readonly { readonly name: string; readonly Hls: typeof Hls }[] = [
  { name: `hls.js ${Hls15.version}`, Hls: Hls15 as unknown as typeof Hls },
  { name: `hls.js ${Hls16.version}`, Hls: Hls16 as unknown as typeof Hls },
  { name: `hls.js ${Hls.version}`, Hls },
];
