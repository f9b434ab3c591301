import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/**
 * Repository folders served at their repository paths, so that an example page
 * works the same from the demo server as from any static server at the repository
 * root (`../../../node_modules/plyr/dist/plyr.css` from packages/hlsjs/examples/).
 */
const SERVED_FOLDERS = [
  'demo/examples',
  'node_modules/hls.js/dist',
  'node_modules/plyr/dist',
  'packages/core/dist',
  'packages/hlsjs/dist',
  'packages/hlsjs/examples',
] as const;

const EXAMPLE_FOLDERS = ['demo/examples', 'packages/hlsjs/examples'] as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticFile {
  readonly type: string;
  readonly body: Buffer;
}

/** The file for a URL path under one of the served folders, read at request time; else undefined. */
export async function readStaticFile(pathname: string): Promise<StaticFile | undefined> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    return undefined;
  }
  const folder = SERVED_FOLDERS.find((dir) => relative.startsWith(`${dir}/`));
  const type = TYPES[extname(relative)];
  if (folder === undefined || type === undefined) return undefined;
  const base = resolve(root, folder);
  const file = resolve(root, relative);
  if (!file.startsWith(`${base}${sep}`)) return undefined;
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return { type, body: await readFile(file) };
  } catch {
    return undefined;
  }
}

/** URL paths of the example pages (ours and the adapter's), for the page's links. */
export async function listExamplePages(): Promise<string[]> {
  const pages = await Promise.all(
    EXAMPLE_FOLDERS.map(async (folder) => {
      const names = await readdir(resolve(root, folder)).catch(() => []);
      return names.filter((name) => name.endsWith('.html')).map((name) => `/${folder}/${name}`);
    }),
  );
  return pages.flat().sort();
}
