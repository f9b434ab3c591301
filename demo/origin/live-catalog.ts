import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTimeline } from './live.ts';
import type { LiveTimeline } from './live.ts';
import { isMissingFile } from './media-file.ts';
import { masterUris, parseMediaPlaylist } from './playlist.ts';
import type { MediaPlaylist } from './playlist.ts';
import { HttpError } from './reply.ts';
import { pathUnder } from './request-path.ts';

/** Everything the live simulation of one variant (one master) needs, parsed once. */
export interface LiveVariant {
  readonly masterText: string;
  /** Shared by all renditions, audio included, so that they stay in sync. */
  readonly timeline: LiveTimeline;
  readonly renditions: ReadonlyMap<string, MediaPlaylist>;
}

// Plain relative paths: no scheme, query, fragment, percent-encoding, dot segments or
// hidden files, so that `<k>/<uri>` maps back onto the file without decoding rules.
const RENDITION_URI = /^([^/?#%:\\.][^/?#%:\\]*)\/index\.m3u8$/;
const SAFE_RELATIVE_URI = /^(?:[^/?#%:\\.][^/?#%:\\]*\/)*[^/?#%:\\.][^/?#%:\\]*$/;

/**
 * Parsed variants, cached for the life of the origin: the simulation replays files
 * that do not change while it runs. Failures are not cached, so that media generated
 * after startup is picked up.
 */
export class LiveCatalog {
  readonly #variants = new Map<string, Promise<LiveVariant>>();

  constructor(readonly mediaRoot: string) {}

  variant(name: string): Promise<LiveVariant> {
    let variant = this.#variants.get(name);
    if (variant === undefined) {
      variant = loadVariant(pathUnder(this.mediaRoot, [name]));
      this.#variants.set(name, variant);
      variant.catch(() => this.#variants.delete(name));
    }
    return variant;
  }
}

async function loadVariant(dir: string): Promise<LiveVariant> {
  const masterPath = join(dir, 'master.m3u8');
  const masterText = await readFile(masterPath, 'utf8').catch((error: unknown) => {
    if (isMissingFile(error)) throw new HttpError(404, 'not found');
    throw error;
  });
  const uris = masterUris(masterText, masterPath);
  const names = [...new Set(uris.map(({ uri }) => renditionName(uri, masterPath)))];
  const renditions = new Map(
    await Promise.all(
      names.map(
        async (name) => [name, await loadRendition(join(dir, name, 'index.m3u8'))] as const,
      ),
    ),
  );
  const reference = uris.find(({ kind }) => kind === 'variant');
  const referencePlaylist = reference && renditions.get(renditionName(reference.uri, masterPath));
  if (referencePlaylist === undefined) throw new Error(`${masterPath}: no variant stream URI`);
  const timeline = createTimeline(referencePlaylist.segments.map(({ duration }) => duration));
  for (const [name, playlist] of renditions) {
    if (playlist.segments.length !== timeline.segmentCount) {
      throw new Error(
        `${dir}: rendition ${name} has ${playlist.segments.length} segments, ` +
          `the first variant has ${timeline.segmentCount}; live renditions must align`,
      );
    }
  }
  return { masterText, timeline, renditions };
}

function renditionName(uri: string, masterPath: string): string {
  const name = RENDITION_URI.exec(uri)?.[1];
  if (name === undefined) {
    throw new Error(
      `${masterPath}: live needs media playlist URIs like "<rendition>/index.m3u8", got "${uri}"`,
    );
  }
  return name;
}

async function loadRendition(path: string): Promise<MediaPlaylist> {
  const playlist = parseMediaPlaylist(await readFile(path, 'utf8'), path);
  const uris = [
    ...playlist.segments.map(({ uri }) => uri),
    ...(playlist.map ? [playlist.map.uri] : []),
  ];
  const unsafe = uris.find((uri) => !SAFE_RELATIVE_URI.test(uri));
  if (unsafe !== undefined) {
    throw new Error(`${path}: live needs plain relative segment URIs, got "${unsafe}"`);
  }
  return playlist;
}
