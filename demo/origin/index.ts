export { startOrigin } from './server.ts';
export type { Origin } from './server.ts';
export { createOrigin, STATS_PATH } from './origin.ts';
export type { OriginHandler, OriginHandlerOptions, ResponseRecord } from './origin.ts';
export { DEFAULT_MEDIA_ROOT, DEFAULT_LIVE_WINDOW } from './options.ts';
export type { OriginOptions, ThrottleOptions } from './options.ts';
export type { OriginStats, TrafficCount } from './stats.ts';
export { MAX_LIVE_WINDOW } from './live.ts';
export { listVariants, masterUrls } from './variants.ts';
