/** Where the media element plays: seconds on hls.js's timeline, and 0 as rate while paused. */
export interface Playhead {
  readonly position: number;
  readonly rate: number;
  /** End of the buffered range the position is in: where hls.js loads next. */
  readonly bufferedEnd?: number;
}

const EVENTS = [
  'timeupdate',
  'progress',
  'seeking',
  'seeked',
  'ratechange',
  'play',
  'pause',
  'playing',
  'waiting',
  'canplay',
] as const;

/** `HTMLMediaElement.HAVE_CURRENT_DATA`, spelled out for Node, where the class doesn't exist. */
const HAVE_CURRENT_DATA = 2;

/** hls.js steps over holes this small (the fixtures' AAC priming is 21 ms). */
const HOLE_SECONDS = 0.5;

function bufferedEnd({ buffered }: HTMLMediaElement, position: number): number | undefined {
  for (let i = 0; i < buffered.length; i++) {
    if (buffered.start(i) <= position + HOLE_SECONDS && position <= buffered.end(i)) {
      return buffered.end(i);
    }
  }
  return undefined;
}

/**
 * Follows a media element's playhead and calls `onChange` with it. Until the element
 * has data at its position (or is seeking to one), its `currentTime` says nothing:
 * a live stream sits at 0 before hls.js moves it to the live edge, and reporting 0
 * would make segments near the edge look far off. Returns the function that stops.
 */
export function followPlayhead(
  media: HTMLMediaElement,
  onChange: (playhead: Playhead) => void,
): () => void {
  const report = (): void => {
    if (!media.seeking && media.readyState < HAVE_CURRENT_DATA) return;
    const position = media.currentTime;
    const end = bufferedEnd(media, position);
    const rate = media.paused ? 0 : media.playbackRate;
    onChange({ position, rate, ...(end !== undefined && { bufferedEnd: end }) });
  };
  for (const type of EVENTS) media.addEventListener(type, report);
  report();
  return () => {
    for (const type of EVENTS) media.removeEventListener(type, report);
  };
}
