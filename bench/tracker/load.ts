/**
 * A load process: forked by the orchestrator (load-group.ts), it opens its
 * share of the clients at a bounded rate, starts their announces when told
 * (so that ramp-up is connections only), and reports cumulative counts
 * whenever asked. It exits when the orchestrator goes away.
 */
import { LoadClient, type Shared } from './client.ts';
import type { FromLoad, LoadConfig, ToLoad } from './ipc.ts';
import { nowMicros, peerIds } from './protocol.ts';
import { emptySnapshot } from './stats.ts';

const shared: Shared = { snapshot: emptySnapshot(), closedLoop: false, reannounceMs: 0 };
const clients: LoadClient[] = [];

function send(message: FromLoad): void {
  process.send?.(message);
}

function start(config: LoadConfig): void {
  shared.reannounceMs = config.reannounceMs;
  let open = 0;
  let failed = 0;
  let connectError: string | null = null;
  const settled = (error: Error | null): void => {
    if (error === null) open++;
    else {
      failed++;
      connectError ??= error.message;
    }
    if (open + failed === config.clients) send({ type: 'ready', open, failed, connectError });
  };
  // Ramp-up at a bounded rate, a batch every 10 ms: a storm would measure the accept backlog.
  const perBatch = Math.max(1, Math.round(config.rampPerSecond / 100));
  let opened = 0;
  const ramp = setInterval(() => {
    for (const end = Math.min(config.clients, opened + perBatch); opened < end; opened++) {
      const ids = peerIds((config.firstClient + opened) % config.swarms);
      clients.push(new LoadClient(config.url, ids, shared, settled));
    }
    if (opened === config.clients) clearInterval(ramp);
  }, 10);
}

function enterClosedLoop(): void {
  shared.closedLoop = true;
  for (const client of clients) client.enterClosedLoop();
  setInterval(() => {
    const now = nowMicros();
    for (const client of clients) client.checkStall(now);
  }, 1000);
}

process.on('message', (message: ToLoad) => {
  switch (message.type) {
    case 'start':
      start(message.config);
      break;
    case 'fixed-rate':
      for (const client of clients) client.startFixedRate();
      break;
    case 'closed-loop':
      enterClosedLoop();
      break;
    case 'snapshot':
      send({ type: 'snapshot', snapshot: shared.snapshot });
      break;
  }
});
process.on('disconnect', () => process.exit(0));
