import type { LoaderStats } from './hls-types.ts';

/**
 * A fresh stats object, as hls.js's own LoadStats: every field present from the
 * loader's construction, since hls.js takes `frag.stats = loader.stats` before `load()`.
 */
export function createLoadStats(): LoaderStats {
  return {
    aborted: false,
    loaded: 0,
    retry: 0,
    total: 0,
    chunkCount: 0,
    bwEstimate: 0,
    loading: { start: 0, first: 0, end: 0 },
    parsing: { start: 0, end: 0 },
    buffering: { start: 0, first: 0, end: 0 },
  };
}
