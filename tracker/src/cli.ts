#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startTracker } from './server.ts';

const usage = `Usage: peerlane-tracker [options]

Options:
  --host HOST   address to listen on (default 127.0.0.1, env PEERLANE_HOST)
  --port PORT   port to listen on (default 8000, env PEERLANE_PORT)
  -h, --help    show this help
`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help === true) {
    process.stdout.write(usage);
    return;
  }
  const tracker = await startTracker({
    host: values.host ?? process.env.PEERLANE_HOST ?? '127.0.0.1',
    port: Number(values.port ?? process.env.PEERLANE_PORT ?? 8000),
  });
  process.stdout.write(`peerlane-tracker listening on ${tracker.url}\n`);
  const stop = (): void => {
    void tracker.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`peerlane-tracker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
