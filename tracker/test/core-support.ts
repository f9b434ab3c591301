/**
 * Fakes for driving TrackerCore and Swarm directly: clients that collect what
 * they are sent (through a JSON round trip, as on the wire), a settable clock
 * and a seeded random source.
 */
import { seededRandom } from '../../test/support/seeded-random.ts';
import { createCounters, type Counters } from '../src/counters.ts';
import { nearbyKeys } from '../src/network-prefix.ts';
import type { Client, Member } from '../src/swarm.ts';
import { TrackerCore, type CoreOptions } from '../src/tracker-core.ts';
import type { Message } from './support.ts';

export class FakeClient implements Client {
  readonly members = new Set<Member>();
  readonly sent: Message[] = [];
  readonly nearby: readonly string[];

  /** `address` sets the nearby keys as the server would; none by default. */
  constructor(address?: string) {
    this.nearby = address === undefined ? [] : nearbyKeys(address);
  }

  send(message: object): boolean {
    this.sent.push(JSON.parse(JSON.stringify(message)) as Message);
    return true;
  }

  /** Removes and returns everything sent so far. */
  take(): Message[] {
    return this.sent.splice(0);
  }

  /** The offers among the messages sent so far (left in place). */
  offers(): Message[] {
    return this.sent.filter((message) => 'offer' in message);
  }
}

export interface CoreHarness {
  core: TrackerCore;
  counters: Counters;
  clock: { now: number };
  /** Sends `message` (an object is JSON-encoded) from `client`. */
  receive: (client: FakeClient, message: object | string) => void;
}

export const DEFAULT_CORE_OPTIONS = {
  intervalS: 120,
  peerTimeoutMs: 270_000,
  offerTtlMs: 50_000,
  maxOffers: 10,
  maxScrapeHashes: 100,
  nearby: true,
  fullScrape: true,
  allowedInfoHashes: undefined,
} as const;

export function createCore(options: Partial<CoreOptions> = {}): CoreHarness {
  const clock = { now: 1_000_000 };
  const counters = createCounters();
  const core = new TrackerCore(
    {
      ...DEFAULT_CORE_OPTIONS,
      now: () => clock.now,
      random: seededRandom(1),
      ...options,
    },
    counters,
  );
  return {
    core,
    counters,
    clock,
    receive: (client, message) => {
      core.receive(client, typeof message === 'string' ? message : JSON.stringify(message));
    },
  };
}

export { seededRandom };
