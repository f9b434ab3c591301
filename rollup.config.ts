import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Plugin, RollupOptions } from 'rollup';
import esbuild, { minify } from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';

interface BrowserPackage {
  dir: string;
  file: string;
  global: string;
}

const browserPackages: BrowserPackage[] = [
  { dir: 'packages/core', file: 'peerlane-core', global: 'Peerlane' },
  { dir: 'packages/hlsjs', file: 'peerlane-hlsjs', global: 'PeerlaneHls' },
];

// Workspace packages are bundled from source so a build never depends on a
// previous build's dist/ (the UMD bundle for the script tag carries core inside).
const workspaceSources: Record<string, string> = {
  '@peerlane/core': 'packages/core/src/index.ts',
};

const fromSource: Plugin = {
  name: 'peerlane-workspace-source',
  resolveId: (id) => (id in workspaceSources ? { id: resolvePath(workspaceSources[id]) } : null),
};

function resolvePath(path: string | undefined): string {
  if (path === undefined) throw new Error('unknown workspace package');
  return new URL(path, import.meta.url).pathname;
}

function dependenciesOf(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
}

// ES2022 keeps #private fields native (down-levelled they cost ~10% of core's size);
// every browser with the WebRTC data channels Peerlane needs runs it (Safari 15+).
const transpile = (): Plugin => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' });

/**
 * Property names terser may shorten in the UMD bundles: core's internal option, state and
 * stats fields, each name used only between core's own modules. None is public API (index.ts,
 * README), a property of a platform object (DOM, WebRTC, fetch, ws, hls.js), a tracker JSON
 * field, or a codec field (frames.ts: those are strings in a table). A name joins this list
 * only if all that holds for every use of it in packages/core/src and packages/hlsjs/src.
 * Nor may a test reach it from outside (the engine tests' ProbeEngine reads `sizeOf` and
 * `isFetching`). A listed name is renamed even where it is also a DOM or builtin name
 * (`builtins`), so none may be read from such an object anywhere in those sources.
 */
const INTERNAL_PROPERTIES = [
  // tracker client: options, timeouts, socket environment, per-tracker counters
  ...['infoHash', 'transferred', 'timeouts', 'ice', 'stopGrace', 'intervalMin', 'intervalMax'],
  ...['reconnectMin', 'reconnectMax', 'env', 'later', 'epoch', 'cancelAnnounce'],
  ...['announces', 'offersReceived', 'answersReceived', 'connecting'],
  ...['expire', 'initiator', 'cancelTimeout'],
  // scheduler: input and tuning fields
  ...['selfId', 'knownAt', 'retryAt', 'introducingUntil', 'busy'],
  ...['marginSeconds', 'stallMs', 'seedStaggerMs', 'minRangeBytes'],
  // HTTP loader: options, attempt state, watchdog, throughput averages
  ...['requestSetup', 'noBytesTimeoutMs', 'retryDelayMs', 'maxRetryDelayMs', 'chunks', 'skip'],
  ...['feed', 'halfLifeMs', 'sum'],
  // peer: request bookkeeping, link meter, upload pacing; memory store option
  ...['sentAt', 'probe', 'settle', 'cancelled', 'roundTrip', 'drained', 'keepBehindSeconds'],
  // swarm and peer methods the engine calls, peer options
  ...['canConnect', 'ban', 'pendingRequests'],
  ...['uploadEnabled', 'uploadLimiter', 'limiter'],
  // engine: fields of a download job, its flights and retries
  ...['flights', 'waiters', 'waited', 'lastByteAt', 'failures', 'buf', 'filled', 'sent'],
  // engine: what Downloads shares with Engine (not `jobs` or `swarm`: ProbeEngine reads them)
  ...['retries', 'meter', 'proven', 'wanted', 'limits', 'reasons', 'kick', 'job', 'keep'],
  ...['execute', 'emit', 'removeAllListeners', 'segment', 'kind', 'held', 'ahead'],
  ...['update', 'remove', 'broadcast', 'announce', 'declare', 'estimate', 'weight'],
  // HTTP body plan and watchdog; peer link, pending requests, uploads, link meter
  ...['want', 'dispose', 'link', 'write', 'fail', 'pending', 'frame', 'onData'],
  ...['open', 'settings', 'serve', 'reserve', 'enabled', 'highWaterMark', 'transfer'],
  ...['handshakeTimeoutMs'],
  // tracker socket environment, state and stats; the connection handed to the engine
  ...['opened', 'received', 'connect', 'connected', 'lastError', 'connection'],
];

/**
 * `let` for every `const`: two bytes each, and the same program, since TypeScript refuses
 * any assignment to a const. Padded to the same length so that the source map still holds.
 */
const constToLet: Plugin = {
  name: 'peerlane-const-to-let',
  renderChunk(code) {
    const starts: number[] = [];
    const visit = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const { type, kind, start } = node as { type?: unknown; kind?: unknown; start?: unknown };
      if (type === 'VariableDeclaration' && kind === 'const' && typeof start === 'number') {
        starts.push(start);
      }
      for (const child of Object.values(node)) visit(child);
    };
    visit(this.parse(code));
    let out = '';
    let from = 0;
    for (const start of starts.sort((a, b) => a - b)) {
      if (code.slice(start, start + 5) !== 'const') throw new Error(`no const at ${start}`);
      out += `${code.slice(from, start)}let  `;
      from = start + 5;
    }
    return { code: out + code.slice(from), map: null };
  },
};

// esbuild minifies, then terser renames and compresses again: terser's names (chosen by
// character frequency) and its extra passes gzip ~4% smaller than esbuild alone.
const minifyUmd = (): Plugin[] => [
  constToLet,
  minify({ target: 'es2022' }),
  terser({
    ecma: 2022,
    compress: { passes: 3, sequences: false },
    mangle: {
      properties: { builtins: true, regex: new RegExp(`^(?:${INTERNAL_PROPERTIES.join('|')})$`) },
    },
    maxWorkers: 1,
  }),
];

function browserBuild({ dir, file, global }: BrowserPackage): RollupOptions[] {
  const external = dependenciesOf(dir);
  const input = `${dir}/src/index.ts`;
  return [
    {
      input,
      external,
      plugins: [transpile()],
      output: { file: `${dir}/dist/${file}.js`, format: 'es', sourcemap: true },
    },
    {
      input,
      external: ['hls.js'],
      plugins: [fromSource, transpile()],
      output: {
        file: `${dir}/dist/${file}.umd.min.js`,
        format: 'umd',
        name: global,
        globals: { 'hls.js': 'Hls' },
        sourcemap: true,
        plugins: minifyUmd(),
      },
    },
    {
      input,
      external,
      plugins: [dts({ tsconfig: 'tsconfig.json' })],
      output: { file: `${dir}/dist/${file}.d.ts`, format: 'es' },
    },
  ];
}

const nodeExternal = (id: string): boolean =>
  id.startsWith('node:') || builtinModules.includes(id) || dependenciesOf('tracker').includes(id);

const trackerBuild: RollupOptions[] = [
  {
    input: { index: 'tracker/src/index.ts', cli: 'tracker/src/cli.ts' },
    external: nodeExternal,
    plugins: [esbuild({ target: 'node20', tsconfig: 'tsconfig.json' })],
    output: { dir: 'tracker/dist', format: 'es', sourcemap: true, chunkFileNames: '[name].js' },
  },
  {
    input: 'tracker/src/index.ts',
    external: nodeExternal,
    plugins: [dts({ tsconfig: 'tsconfig.json' })],
    output: { file: 'tracker/dist/index.d.ts', format: 'es' },
  },
];

export default [...browserPackages.flatMap(browserBuild), ...trackerBuild];
