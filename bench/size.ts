/**
 * Bundle size: what each of Peerlane's script-tag bundles adds to a page,
 * min+gzip and min+brotli, with hls.js itself measured in the same run as the
 * baseline (a ratio of 0.05 means Peerlane adds 5% to what the player already costs).
 * Run with `npm run bench:size` (which builds first).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

interface Sized {
  name: string;
  min: number;
  gzip: number;
  brotli: number;
}

async function measure(name: string, path: string): Promise<Sized> {
  const bytes = await readFile(path);
  return {
    name,
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }).length,
  };
}

const require = createRequire(import.meta.url);
const root = new URL('../', import.meta.url);
const baseline = await measure('hls.js (baseline)', require.resolve('hls.js/dist/hls.min.js'));
const bundles = await Promise.all([
  measure(
    '@peerlane/core UMD',
    new URL('packages/core/dist/peerlane-core.umd.min.js', root).pathname,
  ),
  measure(
    '@peerlane/hlsjs UMD (core inside)',
    new URL('packages/hlsjs/dist/peerlane-hlsjs.umd.min.js', root).pathname,
  ),
]);

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
console.log('| bundle | min | min+gzip | min+brotli | gzip ratio to hls.js |');
console.log('|---|---:|---:|---:|---:|');
for (const b of [baseline, ...bundles]) {
  const ratio = (b.gzip / baseline.gzip).toFixed(3);
  console.log(`| ${b.name} | ${kib(b.min)} | ${kib(b.gzip)} | ${kib(b.brotli)} | ${ratio} |`);
}
