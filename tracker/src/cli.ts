#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createToken } from './auth.ts';
import { optionsFromCli, usage } from './config-sources.ts';
import { startTracker } from './server.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`peerlane-tracker: ${message}\n`);
  process.exit(code);
}

/** `peerlane-tracker token`: prints a connection token for the `authSecret` option. */
function printToken(argv: readonly string[]): void {
  const { values } = parseArgs({
    args: [...argv],
    options: { secret: { type: 'string' }, ttl: { type: 'string', default: '3600' } },
  });
  const secret = values.secret ?? process.env.PEERLANE_TRACKER_AUTH_SECRET;
  if (secret === undefined || secret === '') fail('token needs --secret', 2);
  process.stdout.write(`${createToken(secret, Number(values.ttl))}\n`);
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === 'token') {
    printToken(argv.slice(1));
    return;
  }
  let cli;
  try {
    cli = optionsFromCli(argv, process.env);
  } catch (error) {
    fail(`${(error as Error).message}\n\n${usage()}`, 2);
  }
  if (cli.help) {
    process.stdout.write(usage());
    return;
  }
  const tracker = await startTracker(cli.options);
  process.stderr.write(
    `peerlane-tracker listening on ${tracker.url} (announce: ${tracker.announceUrl})\n`,
  );
  const stop = (): void => {
    tracker.close().then(
      () => process.exit(0),
      (error: unknown) => fail(String(error), 1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error), 1);
});
