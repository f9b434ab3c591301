import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { PlaybackResult } from './harness-page.ts';

export type { PlaybackResult };

/**
 * A page for end-to-end tests: it loads hls.js and Peerlane's UMD bundle by
 * script tag, exactly as a video site would, then the harness script. It is
 * served on `localhost` while the media origin listens on `127.0.0.1`, so every
 * media request is cross-origin and exercises CORS.
 */
const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url);

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
    const file = files.get(req.url ?? '');
    res.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' });
    res.end(file?.body ?? 'not found');
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

/** Plays `src` with plain hls.js in the harness page until `seconds` of media have played. */
export function playFor(
  page: Page,
  src: string,
  seconds: number,
  timeoutMs = 30_000,
): Promise<PlaybackResult> {
  return page.evaluate(
    ([src, seconds, timeoutMs]) => window.peerlaneHarness.playFor(src, seconds, timeoutMs),
    [src, seconds, timeoutMs] as const,
  );
}
