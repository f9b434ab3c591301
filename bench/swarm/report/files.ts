/** The results folder of one bench:swarm invocation: a JSON per run, summary.md, report.html. */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runName } from '../plan.ts';
import type { RunResult } from '../session.ts';
import { htmlReport } from './html.ts';
import { summaryMarkdown } from './markdown.ts';

export async function resultsFolder(outDir: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(outDir, `swarm-${stamp}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function writeRun(dir: string, result: RunResult): Promise<string> {
  const file = join(dir, `${runName(result)}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 1)}\n`);
  return file;
}

export async function readRuns(dir: string): Promise<RunResult[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as RunResult),
  );
}

/** Writes summary.md and report.html; returns the summary. */
export async function writeReports(
  dir: string,
  results: readonly RunResult[],
  notes: { readonly preamble: readonly string[]; readonly trailer: readonly string[] },
): Promise<string> {
  const summary = summaryMarkdown(results, notes);
  await writeFile(join(dir, 'summary.md'), summary);
  await writeFile(join(dir, 'report.html'), await htmlReport(results, summary));
  return summary;
}
