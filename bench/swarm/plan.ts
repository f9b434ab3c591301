/** Which runs a command line asks for, `--all` being the full set the README describes. */
import type { Options } from './options.ts';
import { SCENARIOS, scenarioNamed, type Scenario } from './scenarios.ts';
import { DEFAULT_SDKS, isP2pml, type Sdk, type ViewerKind } from './shared/viewer.ts';

export interface PlannedRun {
  readonly scenario: Scenario;
  readonly sdk: Sdk;
  readonly kind: ViewerKind;
  readonly viewers: number;
}

/** Why a combination can't run, or null when it can. */
function unsupported(run: PlannedRun): string | null {
  if (run.kind !== 'node') return null;
  if (isP2pml(run.sdk)) return 'p2p-media-loader runs in browser viewers only';
  if (run.scenario.abr) return 'the simulated player has no ABR: Node viewers play one rendition';
  return null;
}

function grid(
  scenarios: readonly Scenario[],
  counts: readonly number[],
  sdks: readonly Sdk[],
  kind: ViewerKind,
): PlannedRun[] {
  return scenarios.flatMap((scenario) =>
    counts.flatMap((viewers) => sdks.map((sdk) => ({ scenario, sdk, kind, viewers }))),
  );
}

/**
 * The full set: every scenario with 8 browser viewers and each SDK at its defaults,
 * and p2p-media-loader tuned beside them on the two live windows; offload against
 * N for the 6-segment live window (2 and 4 browsers; 10, 25 and 50 Node viewers);
 * the 15-segment window with 50 Node viewers.
 */
function fullSet(): PlannedRun[] {
  const live6 = [scenarioNamed('live6')];
  const live15 = [scenarioNamed('live15')];
  return [
    ...SCENARIOS.flatMap((scenario) => [
      ...grid([scenario], [8], DEFAULT_SDKS, 'browser'),
      ...(scenario.name === 'live6' || scenario.name === 'live15'
        ? grid([scenario], [8], ['p2pml-tuned'], 'browser')
        : []),
    ]),
    ...grid(live6, [2, 4], ['peerlane', 'p2pml'], 'browser'),
    ...grid(live6, [10, 25], ['peerlane'], 'node'),
    ...grid(live6, [50], ['peerlane', 'off'], 'node'),
    ...grid(live15, [50], ['peerlane', 'off'], 'node'),
  ];
}

export function planRuns(options: Options): { runs: PlannedRun[]; skipped: string[] } {
  const wanted = options.all
    ? fullSet()
    : grid(options.scenarios, options.counts, options.sdks, options.kind);
  const skipped: string[] = [];
  const runs = wanted.filter((run) => {
    const reason = unsupported(run);
    if (reason !== null) skipped.push(`${runName(run)}: ${reason}`);
    return reason === null;
  });
  return { runs, skipped };
}

export function runName(run: {
  scenario: Scenario | string;
  kind: ViewerKind;
  viewers: number;
  sdk: Sdk;
}): string {
  const scenario = typeof run.scenario === 'string' ? run.scenario : run.scenario.name;
  return `${scenario}-${run.kind}-n${run.viewers}-${run.sdk}`;
}
