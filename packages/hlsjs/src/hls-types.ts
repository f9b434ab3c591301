/**
 * The hls.js types the adapter uses, imported as types only: the Hls class is the
 * app's (passed in), so that one build of the adapter serves hls.js 1.5, 1.6 and 1.7.
 */
export type {
  default as Hls,
  Fragment,
  FragmentLoaderConstructor,
  FragmentLoaderContext,
  HlsConfig,
  Level,
  LevelDetails,
  Loader,
  LoaderCallbacks,
  LoaderConfiguration,
  LoaderContext,
  LoaderResponse,
  LoaderStats,
  MediaPlaylist,
  PlaylistLoaderConstructor,
  PlaylistLoaderContext,
} from 'hls.js';
