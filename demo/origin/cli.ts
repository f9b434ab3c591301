import { parseCli, USAGE, UsageError } from './cli-args.ts';
import type { CliCommand } from './cli-args.ts';
import { startOrigin } from './server.ts';
import { STATS_PATH } from './origin.ts';
import { listVariants, masterUrls } from './variants.ts';

async function main(): Promise<void> {
  let command: CliCommand;
  try {
    command = parseCli(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`peerlane-origin: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return;
  }
  const origin = await startOrigin(command.options);
  const variants = await listVariants(origin.mediaRoot);
  const lines = [`peerlane-origin serving ${origin.mediaRoot} at ${origin.url}`];
  for (const variant of variants) {
    const { vod, live } = masterUrls(origin.url, variant);
    lines.push(`  ${variant.padEnd(10)} vod  ${vod}`, `  ${''.padEnd(10)} live ${live}`);
  }
  lines.push(`  stats      ${origin.url}${STATS_PATH}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (variants.length === 0) {
    process.stderr.write(
      `peerlane-origin: warning: no <variant>/master.m3u8 under ${origin.mediaRoot}\n`,
    );
  }
  const stop = (): void => {
    origin.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `peerlane-origin: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `peerlane-origin: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
