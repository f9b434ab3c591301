/**
 * What a load process counts. Counts only grow; the orchestrator takes a
 * snapshot at the start and end of a measurement window and subtracts, so a
 * window's figures and the whole run's error totals come from the same numbers.
 */
import { emptyBuckets, mergeBuckets, type Buckets } from './histogram.ts';

export interface Counters {
  /** Client → tracker: announces with 5 offers. */
  announcesSent: number;
  /** Client → tracker: answers to relayed offers. */
  answersSent: number;
  /** Tracker → client: replies to our announces. */
  repliesReceived: number;
  /** Tracker → client: offers relayed from other clients. */
  offersReceived: number;
  /** Tracker → client: answers relayed back to us. */
  answersReceived: number;
  /** Messages carrying a `failure reason`. */
  failures: number;
  /** Unparsable or unrecognised messages, and socket errors after connecting. */
  errors: number;
  /** Sockets the tracker closed. */
  disconnects: number;
  /** Closed loop: announces still unanswered after the stall timeout (then re-sent). */
  stalls: number;
}

export interface Snapshot {
  counters: Counters;
  /** Send → receive of relayed offers and answers (the SDP carries the send time). */
  relay: Buckets;
  /** Announce → its reply, on the same client. */
  reply: Buckets;
  /** How often each distinct `failure reason` text came back. */
  failureReasons: Record<string, number>;
}

export function emptySnapshot(): Snapshot {
  return {
    counters: {
      announcesSent: 0,
      answersSent: 0,
      repliesReceived: 0,
      offersReceived: 0,
      answersReceived: 0,
      failures: 0,
      errors: 0,
      disconnects: 0,
      stalls: 0,
    },
    relay: emptyBuckets(),
    reply: emptyBuckets(),
    failureReasons: {},
  };
}

/** `into += from × sign`: sums load processes (1) or takes a window's difference (−1). */
export function accumulate(into: Snapshot, from: Snapshot, sign: 1 | -1 = 1): void {
  for (const key of Object.keys(into.counters) as (keyof Counters)[]) {
    into.counters[key] += sign * from.counters[key];
  }
  mergeBuckets(into.relay, from.relay, sign);
  mergeBuckets(into.reply, from.reply, sign);
  for (const [reason, count] of Object.entries(from.failureReasons)) {
    into.failureReasons[reason] = (into.failureReasons[reason] ?? 0) + sign * count;
  }
}

/** Messages through the tracker, both directions, as the clients saw them. */
export function messageCount(c: Counters): number {
  return c.announcesSent + c.answersSent + c.repliesReceived + c.offersReceived + c.answersReceived;
}
