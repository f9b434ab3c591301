/** Command-line flags of `npm run bench:tracker`. */
import { parseArgs } from 'node:util';
import type { ServerKind } from './servers.ts';

const MODES = ['fixed', 'closed'] as const;
export type Mode = (typeof MODES)[number];

export interface Options {
  clients: number[];
  swarms: number;
  windowSeconds: number;
  reannounceSeconds: number;
  rampPerSecond: number;
  modes: Mode[];
  servers: ServerKind[];
}

export const usage = `Usage: npm run bench:tracker -- [options]

Drives N WebSocket clients across S swarms against each tracker in turn and
prints msgs/s, relay latency, RSS per connection and CPU (see bench/tracker/README.md).

Options:
  --clients LIST        client counts to run, comma-separated (default 2000,10000)
  --swarms S            swarms the clients are spread over (default 100)
  --window SECONDS      measurement window of each mode (default 20)
  --reannounce SECONDS  fixed-rate mode: each client re-announces this often (default 10)
  --ramp N              new connections per second during ramp-up (default 1000)
  --mode MODE           fixed, closed or both (default both)
  --servers LIST        ours, reference or both, comma-separated (default ours,reference)
  -h, --help            show this help
`;

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

export function list<T extends string>(name: string, text: string, allowed: readonly T[]): T[] {
  const items = text.split(',').map((item) => item.trim());
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new Error(`--${name}: unknown value '${item}' (expected ${allowed.join(', ')})`);
    }
  }
  return items as T[];
}

/** The parsed options, or null when --help was asked for. Throws on a bad flag. */
export function parseOptions(args: string[]): Options | null {
  const { values } = parseArgs({
    args,
    options: {
      clients: { type: 'string', default: '2000,10000' },
      swarms: { type: 'string', default: '100' },
      window: { type: 'string', default: '20' },
      reannounce: { type: 'string', default: '10' },
      ramp: { type: 'string', default: '1000' },
      mode: { type: 'string', default: 'both' },
      servers: { type: 'string', default: 'ours,reference' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const modes: readonly Mode[] = values.mode === 'both' ? MODES : list('mode', values.mode, MODES);
  return {
    clients: values.clients.split(',').map((n) => Math.round(positive('clients', n))),
    swarms: Math.round(positive('swarms', values.swarms)),
    windowSeconds: positive('window', values.window),
    reannounceSeconds: positive('reannounce', values.reannounce),
    rampPerSecond: positive('ramp', values.ramp),
    // Fixed rate first: once the clients run closed-loop they stay so.
    modes: MODES.filter((m) => modes.includes(m)),
    servers: list('servers', values.servers, ['ours', 'reference']),
  };
}
