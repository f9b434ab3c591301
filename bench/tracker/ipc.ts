/**
 * What the orchestrator and the load processes (load.ts) say to each other
 * over the child_process IPC channel.
 */
import type { Snapshot } from './stats.ts';

export interface LoadConfig {
  /** WebSocket URL of the tracker under test. */
  url: string;
  /** Global index of this process's first client: it fixes each client's swarm. */
  firstClient: number;
  clients: number;
  swarms: number;
  /** Fixed-rate mode: each client re-announces this often. */
  reannounceMs: number;
  /** New connections per second this process opens during ramp-up. */
  rampPerSecond: number;
}

export type ToLoad =
  | { type: 'start'; config: LoadConfig }
  | { type: 'fixed-rate' }
  | { type: 'closed-loop' }
  | { type: 'snapshot' };

export type FromLoad =
  | { type: 'ready'; open: number; failed: number; connectError: string | null }
  | { type: 'snapshot'; snapshot: Snapshot };
