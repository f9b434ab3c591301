import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A small synthetic media tree in the layout of demo/media/fixtures: four variants,
 * SEGMENT_COUNT segments of SEGMENT_SECONDS each per rendition, with recognisable
 * bytes instead of real video.
 */

export const SEGMENT_COUNT = 4;
export const SEGMENT_SECONDS = 2;

export function segmentBytes(label: string, index: number): Buffer {
  return Buffer.alloc(1000 + 100 * index, `${label}#${index};`);
}

export async function createMediaTree(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'peerlane-origin-'));
  const files: Record<string, string | Buffer> = {
    'ts/master.m3u8': master(['240p/index.m3u8', '480p/index.m3u8']),
    'fmp4/master.m3u8': master(['360p/index.m3u8']),
    'byterange/master.m3u8': master(['240p/index.m3u8']),
    'audio/master.m3u8': [
      '#EXTM3U',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",DEFAULT=YES,URI="en/index.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=300000,AUDIO="aud"',
      '240p/index.m3u8',
      '',
    ].join('\n'),
    'fmp4/360p/init.mp4': Buffer.from('init-segment'),
    'byterange/240p/media.ts': Buffer.concat(
      Array.from({ length: SEGMENT_COUNT }, (_, i) => segmentBytes('byterange/240p', i)),
    ),
  };
  for (const [rendition, extension] of [
    ['ts/240p', 'ts'],
    ['ts/480p', 'ts'],
    ['fmp4/360p', 'm4s'],
    ['audio/240p', 'ts'],
    ['audio/en', 'aac'],
  ] as const) {
    const names = Array.from({ length: SEGMENT_COUNT }, (_, i) => `seg-00${i}.${extension}`);
    names.forEach((name, i) => (files[`${rendition}/${name}`] = segmentBytes(rendition, i)));
    files[`${rendition}/index.m3u8`] = mediaPlaylist(
      names.map((name) => [name]),
      extension === 'm4s' ? ['#EXT-X-VERSION:7', '#EXT-X-MAP:URI="init.mp4"'] : [],
    );
  }
  let offset = 0;
  files['byterange/240p/index.m3u8'] = mediaPlaylist(
    Array.from({ length: SEGMENT_COUNT }, (_, i) => {
      const length = segmentBytes('byterange/240p', i).length;
      // The second entry omits the offset: it continues the previous sub-range.
      const tag = `#EXT-X-BYTERANGE:${length}${i === 1 ? '' : `@${offset}`}`;
      offset += length;
      return [tag, 'media.ts'];
    }),
    ['#EXT-X-VERSION:4'],
  );
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

export function removeMediaTree(root: string): Promise<void> {
  return rm(root, { recursive: true, force: true });
}

function master(uris: readonly string[]): string {
  const lines = ['#EXTM3U'];
  uris.forEach((uri, i) => lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${(i + 1) * 400000}`, uri));
  return `${lines.join('\n')}\n`;
}

/** Each entry: the lines between EXTINF and the next segment, ending with the URI. */
function mediaPlaylist(entries: readonly (readonly string[])[], header: readonly string[]): string {
  const lines = [
    '#EXTM3U',
    ...header,
    `#EXT-X-TARGETDURATION:${SEGMENT_SECONDS}`,
    '#EXT-X-PLAYLIST-TYPE:VOD',
  ];
  for (const entry of entries) lines.push(`#EXTINF:${SEGMENT_SECONDS}.000,`, ...entry);
  lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}
