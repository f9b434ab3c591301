/**
 * One run: a fresh origin (throttled like a CDN edge) and tracker, N viewers of
 * one SDK joining and leaving on schedule, for the run's duration; then every
 * viewer's report, the origin's counts, CPU, and the byte-identity check.
 */
import { startOrigin, type ThrottleOptions } from '../../demo/origin/index.ts';
import { startServer, type RunningServer } from '../tracker/servers.ts';
import { BrowserViewers } from './browser/host.ts';
import { childTreesCpuSeconds } from './cpu.ts';
import { OriginFiles, topRendition, VARIANT, type Media } from './media.ts';
import { NodeViewers } from './node/host.ts';
import { OriginMeter, type OriginFigures } from './origin-meter.ts';
import type { Scenario } from './scenarios.ts';
import { schedule } from './schedule.ts';
import type { Sdk, ViewerKind, ViewerPlan, ViewerReport, ViewerSetup } from './shared/viewer.ts';

export interface RunSpec {
  readonly scenario: Scenario;
  readonly sdk: Sdk;
  readonly kind: ViewerKind;
  readonly viewers: number;
  readonly durationSeconds: number;
  readonly throttle: ThrottleOptions;
  readonly media: Media;
  /** Live playlist window; the scenario's unless overridden. */
  readonly window: number;
  readonly seed: number;
  /** Node viewers: how many processes share them. */
  readonly nodeProcesses: number;
}

export interface BytesCheck {
  /** Fragments compared with the origin's file. */
  readonly checked: number;
  readonly mismatched: number;
  readonly examples: readonly string[];
}

export interface RunResult {
  readonly scenario: string;
  readonly title: string;
  readonly sdk: Sdk;
  readonly kind: ViewerKind;
  readonly viewers: number;
  readonly live: boolean;
  readonly window: number;
  readonly durationSeconds: number;
  readonly throttle: ThrottleOptions;
  readonly media: string;
  readonly manifestPath: string;
  readonly startedAt: string;
  readonly plans: readonly ViewerPlan[];
  readonly reports: readonly ViewerReport[];
  readonly origin: OriginFigures;
  /** CPU seconds of the viewers' processes (Chromium's whole tree, or the Node processes). */
  readonly cpuSeconds: number;
  /** Sum over viewers of the seconds each was there. */
  readonly viewerSeconds: number;
  readonly bytesCheck: BytesCheck;
  /** Viewers that failed to join or leave, and why. */
  readonly hostErrors: readonly string[];
}

/** Node processes need a moment to load before the first viewer joins. */
const NODE_LEAD_MS = 5000;
const PROGRESS_EVERY_MS = 10_000;

/** The viewers of a run; browser viewers are joined and left by the orchestrator. */
interface Host {
  readonly join?: (plan: ViewerPlan) => Promise<void>;
  readonly leave?: (id: string) => Promise<void>;
  readonly cpuSeconds: () => number;
  readonly stop: () => Promise<ViewerReport[]>;
  /** Viewers that failed to join, leave or report, and why (complete after `stop`). */
  readonly failures: () => readonly string[];
  readonly close: () => Promise<void>;
}

function manifestPath(spec: RunSpec): string {
  const { scenario, media } = spec;
  const area = scenario.live ? 'live' : 'vod';
  const query = scenario.live ? `?window=${spec.window}` : '';
  const playlist = scenario.abr ? 'master.m3u8' : `${topRendition(media).name}/index.m3u8`;
  return `/${area}/${VARIANT}/${playlist}${query}`;
}

function plansFor(spec: RunSpec): ViewerPlan[] {
  const { scenario, viewers, durationSeconds } = spec;
  const bytesPerSecond = (multiple: number): number =>
    Math.round((topRendition(spec.media).bitrate * multiple) / 8);
  return schedule({
    viewers,
    durationMs: durationSeconds * 1000,
    rampMs: durationSeconds * 1000 * scenario.rampShare,
    ...(scenario.churn && {
      churn: { fraction: scenario.churn.fraction, everyMs: scenario.churn.everySeconds * 1000 },
    }),
    uplink: (index) => {
      if (scenario.uplinkAll !== undefined) return bytesPerSecond(scenario.uplinkAll);
      if (scenario.uplinkFirst !== undefined && index === 0) {
        return bytesPerSecond(scenario.uplinkFirst);
      }
      return null;
    },
    seed: spec.seed,
  });
}

async function startHost(spec: RunSpec, setup: ViewerSetup, plans: ViewerPlan[]): Promise<Host> {
  if (spec.kind === 'node') {
    const viewers = await NodeViewers.start({
      setup,
      plans,
      rendition: topRendition(spec.media),
      mediaRoot: spec.media.root,
      processes: spec.nodeProcesses,
    });
    return {
      cpuSeconds: () => viewers.cpuSeconds(),
      stop: () => viewers.stop(),
      failures: () => viewers.failures,
      close: () => {
        viewers.kill();
        return Promise.resolve();
      },
    };
  }
  const viewers = await BrowserViewers.start(setup);
  return {
    join: (plan) => viewers.join(plan),
    leave: (id) => viewers.leave(id),
    cpuSeconds: () => childTreesCpuSeconds(/chrom/i),
    stop: () => viewers.stop(),
    failures: () => viewers.failures,
    close: () => viewers.close(),
  };
}

function checkBytes(reports: readonly ViewerReport[], files: OriginFiles): BytesCheck {
  let checked = 0;
  let mismatched = 0;
  const examples: string[] = [];
  const mismatch = (what: string): void => {
    mismatched++;
    if (examples.length < 5) examples.push(what);
  };
  for (const report of reports) {
    if (report.mismatches !== undefined) {
      checked += report.fragments;
      for (let i = 0; i < report.mismatches; i++) mismatch(`${report.id}: a fragment`);
    }
    for (const digest of report.digests ?? []) {
      checked++;
      const file = files.pathOf(digest.url);
      if (file === undefined) mismatch(`${report.id}: ${digest.url} is no origin file`);
      else if (files.sha256(file) !== digest.sha256) {
        mismatch(
          `${report.id}: ${digest.url} (${digest.bytes} B, the origin's ${files.size(file)} B)`,
        );
      }
    }
  }
  return { checked, mismatched, examples };
}

function sleepUntil(epochMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));
}

export async function runSession(spec: RunSpec, log: (line: string) => void): Promise<RunResult> {
  const { scenario, sdk, kind } = spec;
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const origin = await startOrigin({
      mediaRoot: spec.media.root,
      throttle: spec.throttle,
      liveWindow: spec.window,
    });
    closers.push(() => origin.close());
    let tracker: RunningServer | undefined;
    if (sdk !== 'off') {
      tracker = await startServer('ours');
      closers.push(() => tracker?.stop() ?? Promise.resolve());
    }
    const path = manifestPath(spec);
    const plans = plansFor(spec);
    const setup: ViewerSetup = {
      sdk,
      manifestUrl: `${origin.url}${path}`,
      live: scenario.live,
      bitrate: topRendition(spec.media).bitrate,
      trackerUrl: tracker?.url ?? null,
      runStartEpochMs: Date.now() + (kind === 'node' ? NODE_LEAD_MS : 0),
    };
    const files = new OriginFiles(spec.media.root);
    const meter = new OriginMeter(origin, files, setup.runStartEpochMs);
    const host = await startHost(spec, setup, plans);
    closers.push(() => host.close());
    await sleepUntil(setup.runStartEpochMs);
    const cpuAtStart = host.cpuSeconds();
    const timers = hostTimers(host, plans, setup.runStartEpochMs, (error) => {
      log(`  ${error}`);
    });
    const progress = setInterval(() => {
      const seconds = (Date.now() - setup.runStartEpochMs) / 1000;
      const mbits = (meter.mediaBytes() * 8) / 1e6;
      log(`  ${seconds.toFixed(0)} s: origin media ${mbits.toFixed(1)} Mbit so far`);
    }, PROGRESS_EVERY_MS);
    await sleepUntil(setup.runStartEpochMs + spec.durationSeconds * 1000);
    clearInterval(progress);
    for (const timer of timers) clearTimeout(timer);
    const cpuSeconds = host.cpuSeconds() - cpuAtStart;
    const reports = await host.stop();
    const hostErrors = [...host.failures()];
    const bytesCheck = checkBytes(reports, files);
    return {
      scenario: scenario.name,
      title: scenario.title,
      sdk,
      kind,
      viewers: spec.viewers,
      live: scenario.live,
      window: spec.window,
      durationSeconds: spec.durationSeconds,
      throttle: spec.throttle,
      media: spec.media.name,
      manifestPath: path,
      startedAt: new Date(setup.runStartEpochMs).toISOString(),
      plans,
      reports: reports.map(({ digests: _digests, ...report }) => report),
      origin: meter.figures(),
      cpuSeconds,
      viewerSeconds: reports.reduce(
        (sum, r) => sum + ((r.leftAtMs ?? r.joinedAtMs) - r.joinedAtMs) / 1000,
        0,
      ),
      bytesCheck,
      hostErrors,
    };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}

/** Browser viewers are joined and left from here; Node processes keep their own schedule. */
function hostTimers(
  host: Host,
  plans: readonly ViewerPlan[],
  runStartEpochMs: number,
  onError: (error: string) => void,
): NodeJS.Timeout[] {
  const { join, leave } = host;
  if (join === undefined || leave === undefined) return [];
  const at = (offsetMs: number): number => runStartEpochMs + offsetMs - Date.now();
  const report = (what: string) => (error: unknown) => {
    onError(`${what} failed: ${String(error)}`);
  };
  return plans.flatMap((plan) => {
    const timers = [
      setTimeout(() => {
        join(plan).catch(report(`join ${plan.id}`));
      }, at(plan.joinAtMs)),
    ];
    if (plan.leaveAtMs !== null) {
      timers.push(
        setTimeout(() => {
          leave(plan.id).catch(report(`leave ${plan.id}`));
        }, at(plan.leaveAtMs)),
      );
    }
    return timers;
  });
}
