/**
 * P2P ratio of @peerlane/core engines in Node on the local origin's live stream: N
 * engines with real WebRTC (node-datachannel) and our tracker, each with a simulated
 * hls.js (packages/core/test/engine/live-swarm.ts). Prints, per run and as medians: the
 * whole-run P2P ratio (startup included), the steady-state CDN copies per segment and
 * P2P ratio next to the bound 1 − 1/N, and stalls.
 *
 *   npx tsx bench/core-live-p2p.ts [--engines 8] [--seconds 40] [--runs 3] [--join-spread 0]
 */
import { parseArgs } from 'node:util';
import { cleanup } from 'node-datachannel';
import { startOrigin } from '../demo/origin/index.ts';
import { startTracker } from '../tracker/src/index.ts';
import { seededRandom } from '../test/support/seeded-random.ts';
import { runLiveSwarm, type LiveSwarmResult } from '../packages/core/test/engine/live-swarm.ts';

const { values } = parseArgs({
  options: {
    engines: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '40' },
    runs: { type: 'string', default: '3' },
    'join-spread': { type: 'string', default: '0' },
  },
});
const engines = Number(values.engines);
const seconds = Number(values.seconds);
const runs = Number(values.runs);
const joinSpreadMs = Number(values['join-spread']) * 1000;

const median = (list: number[]): number => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

const results: LiveSwarmResult[] = [];
console.log(`${engines} engines, ${seconds} s, join spread ${joinSpreadMs / 1000} s`);
console.log(
  '| run | ratio (all) | steady ratio | bound | CDN copies/segment | stalls | mismatches | HTTP by reason |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---|');
for (let run = 1; run <= runs; run++) {
  const origin = await startOrigin();
  const tracker = await startTracker({
    port: 0,
    logLevel: 'silent',
    maxConnectionsPerIp: 0,
    rate: 0,
  });
  try {
    const result = await runLiveSwarm({
      origin,
      announceUrl: tracker.announceUrl,
      engines,
      seconds,
      joinSpreadMs,
      random: seededRandom(run),
    });
    results.push(result);
    console.log(
      `| ${run} | ${result.ratio.toFixed(3)} | ${result.steadyRatio.toFixed(3)} | ${(1 - 1 / engines).toFixed(3)} |` +
        ` ${result.copiesPerSegment.toFixed(2)} (${result.steadySegments} segments) | ${result.stalls} |` +
        ` ${result.mismatches} | ${JSON.stringify(result.httpReasons)} |`,
    );
  } finally {
    await tracker.close();
    await origin.close();
  }
}
cleanup();
console.log(
  `median: ratio ${median(results.map((r) => r.ratio)).toFixed(3)},` +
    ` steady ratio ${median(results.map((r) => r.steadyRatio)).toFixed(3)},` +
    ` CDN copies/segment ${median(results.map((r) => r.copiesPerSegment)).toFixed(2)},` +
    ` stalls ${median(results.map((r) => r.stalls))}`,
);
