export { startTracker } from './server.ts';
export type { Tracker, TrackerOptions } from './server.ts';
