/** Markdown tables and notes for the terminal; the same results as JSON. */
import { mkdir, writeFile } from 'node:fs/promises';
import { NOISE_CORES, type PhaseResult, type ScenarioResult } from './measure.ts';
import type { Mode } from './options.ts';

/** A phase counts as keeping up with the offered load above this fraction of it. */
const KEEPS_UP = 0.97;
/** A CPU this busy is the limit of the measurement. */
const SATURATED = 0.95;

const MiB = 1024;

function fmt(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function ratio(ours: number | null | undefined, theirs: number | null | undefined): number | null {
  if (ours === null || ours === undefined || theirs === null || theirs === undefined) return null;
  return theirs === 0 ? null : ours / theirs;
}

function phase(result: ScenarioResult, mode: Mode): PhaseResult | undefined {
  return result.phases.find((p) => p.mode === mode);
}

/** The throughput figure: closed loop when it ran, else fixed rate. */
function throughputPhase(result: ScenarioResult): PhaseResult | undefined {
  return phase(result, 'closed') ?? phase(result, 'fixed');
}

/** The latency/cost figures: fixed rate when it ran, else closed loop. */
function steadyPhase(result: ScenarioResult): PhaseResult | undefined {
  return phase(result, 'fixed') ?? phase(result, 'closed');
}

function limitedBy(p: PhaseResult): string {
  const server = p.serverCpuBusy >= SATURATED;
  const load = p.loadCpuBusy >= SATURATED;
  if (server && load) return 'both CPUs';
  if (server) return 'server CPU';
  if (load) return '**load generator CPU**';
  return p.mode === 'fixed' ? 'offered load' : '—';
}

function table(header: string[], rows: string[][]): string {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function headline(results: ScenarioResult[]): string {
  const first = results[0];
  const throughputMode = first ? (throughputPhase(first)?.mode ?? 'closed') : 'closed';
  const steadyMode = first ? (steadyPhase(first)?.mode ?? 'fixed') : 'fixed';
  const figures = (r: ScenarioResult): (number | null | undefined)[] => {
    const steady = steadyPhase(r);
    return [
      throughputPhase(r)?.msgsPerSecond,
      steady?.relayP50Ms,
      steady?.relayP99Ms,
      r.rssIdleKiB / MiB,
      r.rssPerConnectionKiB,
      steady?.serverCores,
      steady?.cpuMicrosPerMessage,
    ];
  };
  const digits = [0, 2, 2, 1, 2, 2, 1];
  const rows = results.map((r) => [
    r.server,
    fmt(r.connected),
    ...figures(r).map((v, i) => fmt(v, digits[i])),
  ]);
  const ours = results.find((r) => r.server === 'ours');
  const theirs = results.find((r) => r.server === 'reference');
  if (ours && theirs) {
    const [a, b] = [figures(ours), figures(theirs)];
    rows.push(['**ours ÷ reference**', '', ...a.map((v, i) => `**${fmt(ratio(v, b[i]), 2)}×**`)]);
  }
  return table(
    [
      'server',
      'conns',
      `msgs/s (${throughputMode})`,
      `relay p50 ms (${steadyMode})`,
      `relay p99 ms (${steadyMode})`,
      'RSS idle MiB',
      `RSS/conn KiB (${steadyMode})`,
      `CPU cores (${steadyMode})`,
      `CPU µs/msg (${steadyMode})`,
    ],
    rows,
  );
}

function details(results: ScenarioResult[]): string {
  const rows = results.flatMap((r) =>
    r.phases.map((p) => [
      r.server,
      p.mode,
      fmt(p.offeredPerSecond),
      fmt(p.msgsPerSecond),
      fmt(p.relayP50Ms, 2),
      fmt(p.relayP99Ms, 2),
      fmt(p.replyP50Ms, 2),
      fmt(p.replyP99Ms, 2),
      fmt(p.rssKiB / MiB, 1),
      fmt(p.serverCores, 2),
      fmt(p.cpuMicrosPerMessage, 1),
      fmt(p.generatorCores, 2),
      `${fmt(p.serverCpuBusy * 100)}% / ${fmt(p.loadCpuBusy * 100)}%`,
      fmt(p.otherCores, 2),
      limitedBy(p),
    ]),
  );
  return table(
    [
      'server',
      'mode',
      'offered msgs/s',
      'msgs/s',
      'relay p50 ms',
      'relay p99 ms',
      'reply p50 ms',
      'reply p99 ms',
      'RSS MiB',
      'server cores',
      'µs/msg',
      'load-gen cores',
      'CPU busy server / load',
      'other cores',
      'limited by',
    ],
    rows,
  );
}

function generatorBound(p: PhaseResult): boolean {
  return p.loadCpuBusy >= SATURATED && p.serverCpuBusy < SATURATED;
}

function goals(results: ScenarioResult[]): string | null {
  const ours = results.find((r) => r.server === 'ours');
  const theirs = results.find((r) => r.server === 'reference');
  const [a, b] = [ours && throughputPhase(ours), theirs && throughputPhase(theirs)];
  if (!ours || !theirs || !a || !b) return null;
  const speed = ratio(a.msgsPerSecond, b.msgsPerSecond);
  const cost = ratio(b.cpuMicrosPerMessage, a.cpuMicrosPerMessage);
  const memory = ratio(ours.rssPerConnectionKiB, theirs.rssPerConnectionKiB);
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const bound = generatorBound(a) ? '; a lower bound: the load generator limited ours' : '';
  return (
    `Goals: msgs/s ours ÷ reference = ${fmt(speed, 2)} (≥ 3: ${verdict((speed ?? 0) >= 3)}${bound}); ` +
    `RSS/conn ours ÷ reference = ${fmt(memory, 2)} (≤ 0.5: ${verdict(memory !== null && memory <= 0.5)}). ` +
    `CPU µs/msg (${a.mode}) reference ÷ ours = ${fmt(cost, 2)}: the msgs/s ratio if both were CPU-bound.`
  );
}

/** Anything that makes a figure not mean what the table says. */
function warnings(results: ScenarioResult[]): string[] {
  const notes: string[] = [];
  for (const r of results) {
    const who = `${r.server} @ ${r.clients} clients`;
    const c = r.totals;
    const problems = [
      [r.connectFailed, `connections failed (${r.connectError ?? ''})`],
      [c.disconnects, 'disconnects'],
      [c.failures, 'failure reasons'],
      [c.errors, 'errors'],
      [c.stalls, 'closed-loop stalls'],
    ] as const;
    const found = problems.filter(([n]) => n > 0).map(([n, what]) => `${fmt(n)} ${what}`);
    if (found.length > 0) notes.push(`INVALID RUN — ${who}: ${found.join(', ')}.`);
    for (const [reason, n] of Object.entries(r.failureReasons)) {
      notes.push(`${who}: failure reason "${reason}" ×${fmt(n)}.`);
    }
    for (const p of r.phases) {
      if (p.offeredPerSecond !== null && p.msgsPerSecond < KEEPS_UP * p.offeredPerSecond) {
        notes.push(
          `${who}: did not keep up with the fixed offered load ` +
            `(${fmt(p.msgsPerSecond)} of ${fmt(p.offeredPerSecond)} msgs/s): its latency and RSS are those of a saturated server.`,
        );
      }
      if (generatorBound(p)) {
        notes.push(
          `${who}, ${p.mode}: the load generator's CPU was saturated (${fmt(p.loadCpuBusy * 100)}% busy) ` +
            `and the server's was not (${fmt(p.serverCpuBusy * 100)}%): msgs/s is the generator's limit, not the server's.`,
        );
      }
      if (p.otherCores > NOISE_CORES) {
        notes.push(
          `${who}, ${p.mode}: other tasks used ${fmt(p.otherCores, 2)} cores during the least disturbed of its windows ` +
            '(other processes, or the kernel deferring network work to ksoftirqd): figures may be disturbed.',
        );
      }
    }
  }
  return notes;
}

export function printReport(
  results: ScenarioResult[],
  setup: { swarms: number; preamble: string[] },
): void {
  const lines = [...setup.preamble, ''];
  for (const clients of new Set(results.map((r) => r.clients))) {
    const group = results.filter((r) => r.clients === clients);
    lines.push(`### ${fmt(clients)} clients, ${fmt(setup.swarms)} swarms`, '');
    lines.push(headline(group), '');
    const goalLine = goals(group);
    if (goalLine !== null) lines.push(goalLine, '');
    lines.push(details(group), '');
  }
  const notes = warnings(results);
  if (notes.length > 0) lines.push(...notes.map((n) => `- ${n}`), '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function writeJson(report: unknown): Promise<string> {
  const dir = new URL('../results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = new URL(`tracker-${stamp}.json`, dir);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file.pathname;
}
