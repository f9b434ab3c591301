import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { PlaybackResult, PlayOptions } from './harness-page.ts';

export type { PlaybackResult, PlayOptions };

/**
 * A page for end-to-end tests: it loads hls.js and Peerlane's UMD bundle by
 * script tag, exactly as a video site would, then the harness script. It is
 * served on `localhost` while the media origin listens on `127.0.0.1`, so every
 * media request is cross-origin and exercises CORS. The server also serves the
 * adapter's example pages and what they load, at their repository paths.
 */
const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url);

/** Repository folders served as they are, for the example pages' relative URLs. */
const REPOSITORY_FOLDERS = [
  'packages/hlsjs/examples/',
  'packages/hlsjs/dist/',
  'node_modules/hls.js/dist/',
  'node_modules/plyr/dist/',
];

const TYPES: Record<string, string> = {
  html: 'text/html',
  js: 'text/javascript',
  css: 'text/css',
  svg: 'image/svg+xml',
  map: 'application/json',
};

export interface Harness {
  readonly url: string;
  close(): Promise<void>;
}

const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>harness</title>
<script src="/hls.min.js"></script>
<script src="/peerlane-hlsjs.umd.min.js"></script>
<script src="/harness.js"></script>
</head><body></body></html>`;

async function bundleHarnessScript(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('harness-page.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    write: false,
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no harness script');
  return output.text;
}

/** A file under one of REPOSITORY_FOLDERS, read when asked; undefined for any other path. */
async function repositoryFile(path: string): Promise<{ type: string; body: Buffer } | undefined> {
  const relative = decodeURIComponent(path.split('?')[0] ?? '').replace(/^\/+/, '');
  const type = TYPES[relative.split('.').pop() ?? ''];
  if (
    type === undefined ||
    relative.includes('..') ||
    !REPOSITORY_FOLDERS.some((folder) => relative.startsWith(folder))
  ) {
    return undefined;
  }
  return readFile(new URL(relative, root)).then(
    (body) => ({ type, body }),
    () => undefined,
  );
}

export async function startHarness(): Promise<Harness> {
  const files = new Map<string, { type: string; body: string | Buffer }>([
    ['/', { type: 'text/html', body: html }],
    [
      '/hls.min.js',
      { type: 'text/javascript', body: await readFile(require.resolve('hls.js/dist/hls.min.js')) },
    ],
    [
      '/peerlane-hlsjs.umd.min.js',
      {
        type: 'text/javascript',
        body: await readFile(new URL('packages/hlsjs/dist/peerlane-hlsjs.umd.min.js', root)),
      },
    ],
    ['/harness.js', { type: 'text/javascript', body: await bundleHarnessScript() }],
  ]);
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const file = files.get(path);
    void (file ? Promise.resolve(file) : repositoryFile(path)).then((found) => {
      res.writeHead(found ? 200 : 404, { 'content-type': found?.type ?? 'text/plain' });
      res.end(found?.body ?? 'not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** Plays `options.src` through Peerlane in the harness page until `options.seconds` of media played. */
export function playFor(page: Page, options: PlayOptions): Promise<PlaybackResult> {
  return page.evaluate((options) => window.peerlaneHarness.playFor(options), options);
}
