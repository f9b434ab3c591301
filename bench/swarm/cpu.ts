/**
 * CPU time of whole process trees from /proc: a Chromium (browser, GPU, network
 * and renderer processes) or the Node viewer processes. A tree's figure includes
 * children that have exited and been reaped (cutime/cstime), so pages closed
 * during a run still count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** USER_HZ: the unit of the times in /proc/<pid>/stat. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly ppid: number;
  /** utime + stime + cutime + cstime, seconds. */
  readonly cpu: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone meanwhile
  }
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  // Fields after the command name: state ppid … utime(11) stime(12) cutime(13) cstime(14).
  const f = text
    .slice(close + 2)
    .split(' ')
    .map(Number);
  const ticks = (f[11] ?? 0) + (f[12] ?? 0) + (f[13] ?? 0) + (f[14] ?? 0);
  return { pid, comm, ppid: f[1] ?? 0, cpu: ticks / CLOCK_TICKS };
}

function allProcesses(): ProcStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat) => stat !== undefined);
}

/** CPU seconds of the trees rooted at this process's children whose name matches. */
export function childTreesCpuSeconds(match: RegExp): number {
  const processes = allProcesses();
  const children = new Map<number, ProcStat[]>();
  for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let total = 0;
  const walk = (p: ProcStat): void => {
    total += p.cpu;
    for (const child of children.get(p.pid) ?? []) walk(child);
  };
  for (const root of children.get(process.pid) ?? []) if (match.test(root.comm)) walk(root);
  return total;
}
