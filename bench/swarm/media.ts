/**
 * The stream the benchmark plays: a media root the origin serves (the committed
 * fixtures, or a longer set at realistic bitrates generated once with
 * demo/media/generate.sh), the URLs of its playlists, its renditions' bitrates,
 * and the origin file behind each segment URL, for the byte-identity check.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_MEDIA_ROOT } from '../../demo/origin/index.ts';

const root = new URL('../../', import.meta.url);

/** The packaging the benchmark plays: MPEG-TS, muxed audio, as most live HLS. */
export const VARIANT = 'ts';

/** A media set generated on first use; its arguments are part of its identity. */
const GENERATED = {
  bench: ['--duration', '120', '--bitrates', '400,800,1600', '--audio-bitrate', '64'],
} as const;

export type MediaName = 'fixtures' | keyof typeof GENERATED;
export const MEDIA_NAMES: readonly MediaName[] = ['fixtures', 'bench'];

export interface Rendition {
  readonly name: string;
  /** AVERAGE-BANDWIDTH from the master playlist, bits/s. */
  readonly bitrate: number;
}

export interface Media {
  readonly name: string;
  readonly root: string;
  /** Lowest bitrate first, as in the master playlist. */
  readonly renditions: readonly Rendition[];
}

/** The media root of `name`, generating it first if needed (ffmpeg, about a minute). */
export async function prepareMedia(name: MediaName, log: (line: string) => void): Promise<Media> {
  if (name === 'fixtures') return loadMedia('fixtures', DEFAULT_MEDIA_ROOT);
  const dir = fileURLToPath(new URL(`demo/media/generated/${name}`, root));
  const args = GENERATED[name];
  const stamp = join(dir, 'generated-with.txt');
  const wanted = args.join(' ');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== wanted) {
    log(`generating the '${name}' media set (${wanted}) in ${dir} …`);
    const script = fileURLToPath(new URL('demo/media/generate.sh', root));
    await promisify(execFile)('bash', [script, ...args, '--out', dir], {
      maxBuffer: 16 * 1024 * 1024,
    });
    await writeFile(stamp, `${wanted}\n`);
  }
  return loadMedia(name, dir);
}

function loadMedia(name: string, mediaRoot: string): Media {
  const master = readFileSync(join(mediaRoot, VARIANT, 'master.m3u8'), 'utf8').split('\n');
  const renditions: Rendition[] = [];
  master.forEach((line, i) => {
    const attrs = /^#EXT-X-STREAM-INF:(.*)$/.exec(line)?.[1];
    if (attrs === undefined) return;
    const average = /AVERAGE-BANDWIDTH=(\d+)/.exec(attrs)?.[1];
    const peak = /(?:^|,)BANDWIDTH=(\d+)/.exec(attrs)?.[1];
    const uri = master[i + 1]?.trim() ?? '';
    renditions.push({ name: uri.split('/')[0] ?? uri, bitrate: Number(average ?? peak) });
  });
  if (renditions.length === 0)
    throw new Error(`${mediaRoot}/${VARIANT}/master.m3u8 lists no rendition`);
  return { name, root: mediaRoot, renditions };
}

/** The highest rendition: what the one-rendition scenarios play. */
export function topRendition(media: Media): Rendition {
  const top = media.renditions.at(-1);
  if (top === undefined) throw new Error('no rendition');
  return top;
}

/** Media segments, as opposed to playlists and the origin's own paths. */
export function isSegmentPath(path: string): boolean {
  return /\.(?:ts|m4s|mp4|aac)$/.test(path);
}

/**
 * The file under the media root that an origin URL path serves: `/vod/<path>` is the
 * file itself, `/live/<variant>/<rendition>/<k>/<file>` replays `<variant>/<rendition>/<file>`.
 */
export function originFile(mediaRoot: string, urlPath: string): string | undefined {
  const parts = decodeURIComponent(urlPath.split('?')[0] ?? '')
    .split('/')
    .filter(Boolean);
  const [area, ...rest] = parts;
  if (area === 'vod') return join(mediaRoot, ...rest);
  if (area !== 'live' || rest.length < 4) return undefined;
  const [variant = '', rendition = '', , ...file] = rest;
  return join(mediaRoot, variant, rendition, ...file);
}

/** Sizes, digests and bytes of origin files, each read once. */
export class OriginFiles {
  readonly #root: string;
  readonly #bytes = new Map<string, Buffer>();
  readonly #digests = new Map<string, string>();
  readonly #sizes = new Map<string, number>();

  constructor(mediaRoot: string) {
    this.#root = mediaRoot;
  }

  /** The file behind a URL or URL path, or undefined when it serves none. */
  pathOf(url: string): string | undefined {
    const path = url.startsWith('/') ? url : new URL(url).pathname;
    return originFile(this.#root, path);
  }

  size(file: string): number {
    let size = this.#sizes.get(file);
    if (size === undefined) {
      size = statSync(file).size;
      this.#sizes.set(file, size);
    }
    return size;
  }

  bytes(file: string): Buffer {
    let bytes = this.#bytes.get(file);
    if (bytes === undefined) {
      bytes = readFileSync(file);
      this.#bytes.set(file, bytes);
    }
    return bytes;
  }

  sha256(file: string): string {
    let digest = this.#digests.get(file);
    if (digest === undefined) {
      digest = createHash('sha256').update(readFileSync(file)).digest('hex');
      this.#digests.set(file, digest);
    }
    return digest;
  }
}
