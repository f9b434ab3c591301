/**
 * Tracker benchmark: the same WebTorrent signalling load against our tracker
 * and bittorrent-tracker's Server, one after the other, each in its own
 * process. Run with `npm run bench:tracker` (which builds first); see README.md.
 */
import { cpus } from 'node:os';
import { runScenario, type ScenarioResult } from './measure.ts';
import { parseOptions, usage, type Options } from './options.ts';
import { cpuCount, openFileLimit } from './proc.ts';
import { printReport, writeJson } from './report.ts';

/** File descriptors a Node process needs besides its sockets (stdio, epoll, IPC, …). */
const FD_RESERVE = 100;

let options: Options | null;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n\n${usage}`);
  process.exit(2);
}
if (options === null) {
  process.stdout.write(usage);
  process.exit(0);
}

// Every connection is one fd in the server process; the server's limit is ours (it inherits it).
const fdLimit = openFileLimit();
const maxClients = fdLimit - FD_RESERVE;
const preamble: string[] = [];
const clientCounts = options.clients.map((n) => {
  if (n <= maxClients) return n;
  preamble.push(
    `Note: ${n} clients asked for, ${maxClients} run: a single server process is limited to ` +
      `${fdLimit} open files here (\`ulimit -n\`, not raisable in this environment).`,
  );
  return maxClients;
});

// The server gets CPU 0 to itself; the load processes share the others. With
// one CPU there is nothing to pin and both compete for it.
const serverCpu = 0;
const loadCpuList = cpuCount > 1 ? Array.from({ length: cpuCount - 1 }, (_, i) => i + 1) : [0];
const loadCpusFor = (clients: number): number[] => {
  const processes = Math.max(loadCpuList.length, Math.ceil(clients / maxClients));
  return Array.from({ length: processes }, (_, i) => loadCpuList[i % loadCpuList.length] ?? 0);
};

preamble.unshift(
  `## Tracker benchmark — ${new Date().toISOString()}`,
  '',
  `Machine: ${cpuCount} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}. ` +
    (cpuCount > 1
      ? `Server pinned to CPU ${serverCpu}, load generator to CPU ${loadCpuList.join(',')}: ` +
        'load generator and server share this machine, so absolute figures are lower than on a dedicated server.'
      : 'Server and load generator share the only CPU: figures are indicative at best.'),
  `Fixed rate: every client re-announces every ${options.reannounceSeconds} s; ` +
    'closed loop: every client re-announces as soon as its reply arrives. ' +
    `Windows of ${options.windowSeconds} s. 5 offers per announce, every offer answered.`,
);

const started = performance.now();
const results: ScenarioResult[] = [];
const failures: string[] = [];
for (const clients of clientCounts) {
  for (const server of options.servers) {
    process.stderr.write(`bench:tracker: ${server}, ${clients} clients …\n`);
    try {
      results.push(
        await runScenario({
          server,
          clients,
          swarms: options.swarms,
          modes: options.modes,
          windowSeconds: options.windowSeconds,
          reannounceSeconds: options.reannounceSeconds,
          rampPerSecond: options.rampPerSecond,
          serverCpu,
          loadCpus: loadCpusFor(clients),
        }),
      );
    } catch (err) {
      const message = `${server} @ ${clients} clients: ${(err as Error).message}`;
      failures.push(message);
      process.stderr.write(`bench:tracker: FAILED ${message}\n`);
    }
  }
}

printReport(results, { swarms: options.swarms, preamble });
for (const failure of failures) process.stdout.write(`- FAILED: ${failure}\n`);
const file = await writeJson({
  date: new Date().toISOString(),
  machine: { cpus: cpuCount, model: cpus()[0]?.model, node: process.version, fdLimit },
  options: { ...options, clients: clientCounts },
  results,
  failures,
});
const minutes = (performance.now() - started) / 60_000;
process.stdout.write(`\nResults: ${file} (run time ${minutes.toFixed(1)} min)\n`);
process.exitCode = failures.length > 0 ? 1 : 0;
