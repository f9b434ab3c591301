import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The page entry points, each served as /page/<name>.js (and .css when it imports styles). */
const ENTRIES = ['app', 'swarm'] as const;

/**
 * Workspace packages resolve to their sources, so the page always runs the code in
 * the tree, built or not.
 */
const ALIASES = {
  '@peerlane/core': here('../packages/core/src/index.ts'),
  '@peerlane/hlsjs': here('../packages/hlsjs/src/index.ts'),
};

/** Bundles the page scripts (and the CSS they import, uPlot's) once, when the server starts. */
export async function bundlePages(): Promise<Map<string, { type: string; body: string }>> {
  const result = await build({
    entryPoints: ENTRIES.map((name) => here(`page/${name}.ts`)),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outdir: '/page',
    write: false,
    sourcemap: 'inline',
    alias: ALIASES,
    logLevel: 'silent',
  });
  const files = new Map<string, { type: string; body: string }>();
  for (const output of result.outputFiles) {
    const type = output.path.endsWith('.css') ? 'text/css' : 'text/javascript';
    files.set(`/page/${basename(output.path)}`, { type, body: output.text });
  }
  return files;
}
