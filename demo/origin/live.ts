/**
 * Window math of the simulated live stream, as pure functions of the wall clock.
 *
 * Global segment k replays VOD segment k mod N and is published when it is complete
 * in real time. The stream started MAX_LIVE_WINDOW segments before the origin's t0,
 * so that every window a client may ask for is already full at t0.
 */

export const MAX_LIVE_WINDOW = 100;

export interface LiveTimeline {
  readonly segmentCount: number;
  readonly loopMs: number;
  /** End of each VOD segment, measured from the start of a loop. */
  readonly endsMs: readonly number[];
}

export interface LiveWindow {
  /** Global index of the first segment in the window (EXT-X-MEDIA-SEQUENCE). */
  readonly first: number;
  /** Global index one past the last segment in the window. */
  readonly end: number;
  readonly discontinuitySequence: number;
  /** Wall-clock time at which the first segment of the window started. */
  readonly firstStartWallMs: number;
}

export function createTimeline(durationsSeconds: readonly number[]): LiveTimeline {
  if (durationsSeconds.length === 0) throw new Error('a live timeline needs at least one segment');
  let loopMs = 0;
  const endsMs = durationsSeconds.map((seconds) => {
    // Whole milliseconds keep the loop arithmetic exact over days of looping.
    const ms = Math.round(seconds * 1000);
    if (!(ms > 0)) throw new Error(`segment durations must be at least 1 ms, got ${seconds} s`);
    loopMs += ms;
    return loopMs;
  });
  return { segmentCount: endsMs.length, loopMs, endsMs };
}

/** Stream time (ms since global segment 0 started) at which segment k is complete. */
export function segmentEndMs(timeline: LiveTimeline, k: number): number {
  if (!Number.isSafeInteger(k) || k < 0) throw new RangeError(`bad segment index ${k}`);
  const loops = Math.floor(k / timeline.segmentCount);
  const endInLoop = timeline.endsMs[k % timeline.segmentCount];
  if (endInLoop === undefined) throw new RangeError(`bad segment index ${k}`);
  return loops * timeline.loopMs + endInLoop;
}

export function segmentStartMs(timeline: LiveTimeline, k: number): number {
  return k === 0 ? 0 : segmentEndMs(timeline, k - 1);
}

export function streamTimeMs(timeline: LiveTimeline, t0: number, wallMs: number): number {
  return wallMs - t0 + segmentEndMs(timeline, MAX_LIVE_WINDOW - 1);
}

export function wallTimeMs(timeline: LiveTimeline, t0: number, streamMs: number): number {
  return t0 + streamMs - segmentEndMs(timeline, MAX_LIVE_WINDOW - 1);
}

/** Number of segments complete at stream time `streamMs`, i.e. segments 0 … count-1. */
export function publishedCount(timeline: LiveTimeline, streamMs: number): number {
  if (streamMs < 0) return 0;
  const loops = Math.floor(streamMs / timeline.loopMs);
  const inLoop = streamMs - loops * timeline.loopMs;
  const doneInLoop = timeline.endsMs.filter((end) => end <= inLoop).length;
  return loops * timeline.segmentCount + doneInLoop;
}

export function isPublished(
  timeline: LiveTimeline,
  t0: number,
  wallMs: number,
  k: number,
): boolean {
  return k < publishedCount(timeline, streamTimeMs(timeline, t0, wallMs));
}

/** True when segment k restarts the VOD loop and so needs EXT-X-DISCONTINUITY. */
export function startsLoop(timeline: LiveTimeline, k: number): boolean {
  return k > 0 && k % timeline.segmentCount === 0;
}

/**
 * The discontinuity tags that have slid out of a window starting at `first`: one per
 * loop start before it. A tag on `first` itself is still in the playlist, so it is
 * not counted.
 */
export function discontinuitySequence(timeline: LiveTimeline, first: number): number {
  return first === 0 ? 0 : Math.floor((first - 1) / timeline.segmentCount);
}

export function liveWindowAt(
  timeline: LiveTimeline,
  t0: number,
  wallMs: number,
  size: number,
): LiveWindow {
  const end = publishedCount(timeline, streamTimeMs(timeline, t0, wallMs));
  const first = Math.max(0, end - size);
  return {
    first,
    end,
    discontinuitySequence: discontinuitySequence(timeline, first),
    firstStartWallMs: wallTimeMs(timeline, t0, segmentStartMs(timeline, first)),
  };
}
