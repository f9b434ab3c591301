/**
 * The media playlist as the simulated player needs it: segments with their
 * sequence numbers and start times, the target duration, and whether the
 * playlist is closed (VOD). Start times are the program date-time in seconds
 * when the playlist carries one (live), else seconds from the first segment.
 */

export interface PlaylistSegment {
  readonly sequence: number;
  readonly url: string;
  readonly startTime: number;
  readonly duration: number;
}

export interface MediaPlaylist {
  readonly targetDuration: number;
  readonly endList: boolean;
  readonly segments: readonly PlaylistSegment[];
}

function tagValue(text: string, tag: string): string | undefined {
  return new RegExp(`^#${tag}:(.*)$`, 'm').exec(text)?.[1]?.trim();
}

export function parseMediaPlaylist(text: string, baseUrl: string): MediaPlaylist {
  if (!text.startsWith('#EXTM3U')) throw new Error(`${baseUrl} is not a playlist`);
  if (text.includes('#EXT-X-STREAM-INF')) {
    throw new Error(`${baseUrl} is a master playlist: Node viewers play one rendition`);
  }
  const targetDuration = Number(tagValue(text, 'EXT-X-TARGETDURATION'));
  if (!(targetDuration > 0)) throw new Error(`${baseUrl}: no EXT-X-TARGETDURATION`);
  let sequence = Number(tagValue(text, 'EXT-X-MEDIA-SEQUENCE') ?? 0);
  const pdt = Date.parse(tagValue(text, 'EXT-X-PROGRAM-DATE-TIME') ?? '');
  let time = Number.isNaN(pdt) ? 0 : pdt / 1000;
  let duration = 0;
  const segments: PlaylistSegment[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice('#EXTINF:'.length));
    else if (line !== '' && !line.startsWith('#')) {
      segments.push({ sequence, url: new URL(line, baseUrl).href, startTime: time, duration });
      sequence++;
      time += duration;
    }
  }
  return { targetDuration, endList: text.includes('#EXT-X-ENDLIST'), segments };
}
