export { startTracker } from './server.ts';
export type { StartOptions, Tracker } from './server.ts';
export { ConfigError, OPTION_NAMES } from './config.ts';
export type { LogLevel, TlsOptions, TrackerOptions } from './config.ts';
export type { TrackerStats } from './stats.ts';
export type { Counters } from './counters.ts';
export { createToken, verifyToken } from './auth.ts';
