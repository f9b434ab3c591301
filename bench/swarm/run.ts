/**
 * Swarm benchmark: N viewers of a live or VOD stream on a throttled local
 * origin and our tracker, with Peerlane, p2p-media-loader v2 and P2P off in
 * turn. Run with `npm run bench:swarm` (which builds first); see bench/README.md.
 */
import { cpus } from 'node:os';
import { prepareMedia } from './media.ts';
import { defaultNodeProcesses, optionsOrExit } from './options.ts';
import { planRuns, runName } from './plan.ts';
import { figuresOf } from './figures.ts';
import { fmt } from './report/format.ts';
import { readRuns, resultsFolder, writeReports, writeRun } from './report/files.ts';
import { runSession, type RunResult } from './session.ts';

const options = optionsOrExit(process.argv.slice(2));

/** Setting up and tearing down a run: origin, tracker, Chromium or the Node processes. */
const RUN_OVERHEAD_SECONDS = 10;

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function preamble(results: readonly RunResult[]): string[] {
  const first = results[0];
  const throttle = first?.throttle;
  const rate = throttle?.bitsPerSecond;
  return [
    `## Swarm benchmark — ${first?.startedAt ?? new Date().toISOString()}`,
    '',
    `Machine: ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}. ` +
      `CDN: ${rate === undefined ? 'unlimited' : `${fmt(rate / 1e6, 1)} Mbit/s per connection`}, ` +
      `${fmt(throttle?.firstByteDelayMs ?? 0)} ms to first byte. Media: ${first?.media ?? '—'}; ` +
      `runs of ${fmt(first?.durationSeconds)} s. Every SDK with its default settings` +
      (results.some((r) => r.sdk === 'p2pml-tuned')
        ? `, except the run labelled tuned: p2p-media-loader with hls.js's \`enableWorker: false\``
        : '') +
      ' (no STUN: all local).',
  ];
}

if (options.reportOnly !== undefined) {
  const results = await readRuns(options.reportOnly);
  const summary = await writeReports(options.reportOnly, results, {
    preamble: preamble(results),
    trailer: [],
  });
  process.stdout.write(summary);
  process.exit(0);
}

const { runs, skipped } = planRuns(options);
for (const note of skipped) log(`bench:swarm: skipped ${note}`);
if (options.list) {
  const minutes = (runs.length * (options.durationSeconds + RUN_OVERHEAD_SECONDS)) / 60;
  process.stdout.write(
    `${runs.map((run) => `${runName(run)}\n`).join('')}${runs.length} runs, about ${Math.ceil(minutes)} min\n`,
  );
  process.exit(0);
}
const started = performance.now();
const media = await prepareMedia(options.media, log);
const dir = await resultsFolder(options.outDir);
const results: RunResult[] = [];
const failures: string[] = [];
for (const [i, run] of runs.entries()) {
  const name = runName(run);
  log(`bench:swarm: [${i + 1}/${runs.length}] ${name} …`);
  try {
    const result = await runSession(
      {
        ...run,
        durationSeconds: options.durationSeconds,
        throttle: {
          ...(options.cdnBitsPerSecond > 0 && { bitsPerSecond: options.cdnBitsPerSecond }),
          firstByteDelayMs: options.cdnFirstByteMs,
        },
        media,
        window: options.window ?? run.scenario.window,
        seed: options.seed,
        nodeProcesses: options.nodeProcesses ?? defaultNodeProcesses(run.viewers),
      },
      log,
    );
    results.push(result);
    await writeRun(dir, result);
    const f = figuresOf(result);
    log(
      `  P2P ratio ${fmt(f.p2pRatio, 2)} (bound ${fmt(f.bound, 2)}), CDN copies ${fmt(f.copies, 2)}, ` +
        `stalls ${f.stalls}, startup ${fmt(f.startupMedianMs)} ms, behind live ${fmt(f.behindLiveSeconds, 1)} s`,
    );
  } catch (err) {
    failures.push(`${name}: ${(err as Error).message}`);
    log(`bench:swarm: FAILED ${name}: ${(err as Error).stack ?? String(err)}`);
  }
}

const minutes = (performance.now() - started) / 60_000;
const summary = await writeReports(dir, results, {
  preamble: preamble(results),
  trailer: [
    ...skipped.map((note) => `- skipped ${note}`),
    ...failures.map((failure) => `- FAILED ${failure}`),
    '',
    `Results: ${dir} (run time ${minutes.toFixed(1)} min)`,
  ],
});
process.stdout.write(summary);
process.exitCode = failures.length > 0 ? 1 : 0;
