/**
 * Platform objects the engine is given rather than reaching for globals, so that
 * Node tests and benchmarks can supply their own (fake clocks, ws, node-datachannel).
 */

/** Timer functions, defaulting to the global ones; a fake clock can stand in. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
