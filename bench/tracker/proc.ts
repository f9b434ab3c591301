/**
 * Per-process resource figures from Linux /proc, so that each server's memory
 * and CPU are its own (it runs in its own process), plus CPU pinning.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** Resident set size in KiB (VmRSS). */
export function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}

/** User + system CPU seconds the process has used so far (all its threads). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name (which may contain spaces);
  // utime and stime are fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The soft limit on open files, which caps connections per process (each is one fd). */
export function openFileLimit(): number {
  const match = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return match?.[1] ? Number(match[1]) : Infinity;
}

export const cpuCount = availableParallelism();

/** Pins every thread of a process to one CPU; a no-op on a single-CPU machine. */
export function pin(pid: number, cpu: number): void {
  if (cpuCount < 2) return;
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(cpu), String(pid)], {
    stdio: 'ignore',
  });
}

/** Seconds one CPU has spent since boot. */
export interface CpuTimes {
  /** Not idle: tasks, interrupts, softirqs (loopback TCP) and steal (the hypervisor's). */
  busy: number;
  /** Busy for this machine (steal excluded): what its processes and kernel used. */
  used: number;
  total: number;
}

/** Per-CPU times from /proc/stat, indexed by CPU number. */
export function cpuTimes(): CpuTimes[] {
  const times: CpuTimes[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+) (.*)$/.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    // user nice system idle iowait irq softirq steal (guest time is inside user).
    const fields = match[2]
      .split(' ')
      .slice(0, 8)
      .map((ticks) => Number(ticks) / CLOCK_TICKS);
    const [idle = 0, iowait = 0, steal = 0] = [fields[3], fields[4], fields[7]];
    const total = fields.reduce((sum, t) => sum + t, 0);
    times[Number(match[1])] = {
      busy: total - idle - iowait,
      used: total - idle - iowait - steal,
      total,
    };
  }
  return times;
}
