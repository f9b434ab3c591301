import { startOrigin } from '../../demo/origin/index.ts';
import { startTracker } from '../../tracker/src/index.ts';

/**
 * The local origin and our tracker for the browser tests, started by karma.conf.cjs as
 * a child process (`node --import tsx test/browser/servers.ts`). Prints their URLs as
 * one JSON line, then runs until SIGTERM/SIGINT or until its stdin closes (karma gone).
 */

const origin = await startOrigin({ port: 0 });
const tracker = await startTracker({
  port: 0,
  logLevel: 'silent',
  maxConnectionsPerIp: 0,
  rate: 0,
});

let closing: Promise<void> | undefined;
function stop(): void {
  closing ??= Promise.allSettled([tracker.close(), origin.close()]).then(() => process.exit(0));
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.once('end', stop).once('close', stop).resume();

process.stdout.write(
  `${JSON.stringify({ originUrl: origin.url, announceUrl: tracker.announceUrl })}\n`,
);
