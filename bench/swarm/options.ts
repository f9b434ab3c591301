/** Command-line flags of `npm run bench:swarm`. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { list } from '../tracker/options.ts';
import { MEDIA_NAMES, type MediaName } from './media.ts';
import { SCENARIOS, scenarioNamed, type Scenario } from './scenarios.ts';
import { DEFAULT_SDKS, SDKS, type Sdk, type ViewerKind } from './shared/viewer.ts';

export interface Options {
  /** Explicit runs, or the full set (`--all`). */
  readonly all: boolean;
  readonly scenarios: readonly Scenario[];
  readonly sdks: readonly Sdk[];
  readonly kind: ViewerKind;
  readonly counts: readonly number[];
  readonly durationSeconds: number;
  /** CDN throttle per connection; 0: unlimited. */
  readonly cdnBitsPerSecond: number;
  readonly cdnFirstByteMs: number;
  readonly media: MediaName;
  readonly window: number | undefined;
  readonly nodeProcesses: number | undefined;
  readonly seed: number;
  readonly outDir: string;
  /** Rebuild the reports of this results folder instead of running. */
  readonly reportOnly: string | undefined;
  /** Print the planned runs and exit. */
  readonly list: boolean;
}

export const DEFAULT_VIEWERS: Record<ViewerKind, number> = { browser: 8, node: 50 };

export const usage = `Usage: npm run bench:swarm -- [options]

Runs N viewers of a stream against a throttled local origin and our tracker,
with each SDK in turn (ours, p2p-media-loader v2, P2P off), and reports offload,
CDN copies per segment, stalls, startup, distance behind live, bitrate, upload
spread and CPU (see bench/README.md).

Options:
  --scenario LIST       comma-separated (default live6): ${SCENARIOS.map((s) => s.name).join(', ')}
  --all                 the full set: every scenario with browser viewers, offload
                        against N, and Node viewers at 10, 25 and 50, plus p2pml-tuned
                        on live6 and live15 (about 75 min)
  --sdk LIST            comma-separated: peerlane, p2pml, off (the default, each with
                        its default settings) and p2pml-tuned: p2p-media-loader with
                        hls.js's enableWorker: false, which avoids its detached-buffer
                        fault; reported as a labelled tuned run, never as "theirs"
  --viewers KIND        browser (Chromium pages, hls.js) or node (@peerlane/core and a
                        simulated player; one rendition, not p2pml) (default browser)
  --n LIST              viewers per run, comma-separated (default ${DEFAULT_VIEWERS.browser} browser, ${DEFAULT_VIEWERS.node} node)
  --duration SECONDS    length of each run (default 120)
  --cdn-mbps M          CDN rate per connection in Mbit/s, 0 for unlimited (default 4)
  --cdn-ttfb MS         CDN time to first byte (default 50)
  --media NAME          bench: 120 s at 0.5/0.9/1.7 Mbit/s, generated once with ffmpeg;
                        fixtures: the committed 20 s at 0.1–0.2 Mbit/s (default bench)
  --window N            live playlist window in segments, instead of the scenario's
  --node-processes P    processes sharing the Node viewers (default one per 25
                        viewers, at most the CPU count)
  --seed S              seed of the join/leave schedule (default 1)
  --out DIR             results folder (default bench/results)
  --report DIR          no run: rebuild summary.md and report.html from DIR's JSON files
  --list                no run: print the runs these flags ask for
  -h, --help            show this help
`;

function positive(name: string, text: string, allowZero = false): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number`);
  }
  return value;
}

/** The parsed options, or null when --help was asked for. Throws on a bad flag. */
export function parseOptions(args: string[]): Options | null {
  const { values } = parseArgs({
    args,
    options: {
      scenario: { type: 'string', default: 'live6' },
      all: { type: 'boolean', default: false },
      sdk: { type: 'string', default: DEFAULT_SDKS.join(',') },
      viewers: { type: 'string', default: 'browser' },
      n: { type: 'string' },
      duration: { type: 'string', default: '120' },
      'cdn-mbps': { type: 'string', default: '4' },
      'cdn-ttfb': { type: 'string', default: '50' },
      media: { type: 'string', default: 'bench' },
      window: { type: 'string' },
      'node-processes': { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'bench/results' },
      report: { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const [kind] = list('viewers', values.viewers, ['browser', 'node'] as const);
  if (kind === undefined) throw new Error('--viewers needs a value');
  const counts = (values.n ?? String(DEFAULT_VIEWERS[kind]))
    .split(',')
    .map((n) => Math.round(positive('n', n)));
  const [media] = list('media', values.media, MEDIA_NAMES);
  return {
    all: values.all,
    scenarios: values.scenario.split(',').map((name) => scenarioNamed(name.trim())),
    sdks: list('sdk', values.sdk, SDKS),
    kind,
    counts,
    durationSeconds: positive('duration', values.duration),
    cdnBitsPerSecond: positive('cdn-mbps', values['cdn-mbps'], true) * 1e6,
    cdnFirstByteMs: positive('cdn-ttfb', values['cdn-ttfb'], true),
    media: media ?? 'bench',
    window: values.window === undefined ? undefined : Math.round(positive('window', values.window)),
    nodeProcesses:
      values['node-processes'] === undefined
        ? undefined
        : Math.round(positive('node-processes', values['node-processes'])),
    seed: Math.round(positive('seed', values.seed, true)),
    outDir: values.out,
    reportOnly: values.report,
    list: values.list,
  };
}

/** One Node viewer process per 25 viewers, at most one per CPU. */
export function defaultNodeProcesses(viewers: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(viewers / 25)));
}

/** The options of this command line; prints the usage and exits on --help or a bad flag. */
export function optionsOrExit(args: string[]): Options {
  let options: Options | null = null;
  try {
    options = parseOptions(args);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (options !== null) return options;
  process.stdout.write(usage);
  process.exit(0);
}
