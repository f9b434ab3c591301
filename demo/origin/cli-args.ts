import { parseArgs } from 'node:util';
import { MAX_LIVE_WINDOW } from './live.ts';
import type { OriginOptions } from './options.ts';

export const DEFAULT_CLI_PORT = 8080;

export const USAGE = `Usage: npx tsx demo/origin/cli.ts [options]

Serves HLS test media as VOD (/vod/...) and as a simulated live stream (/live/...),
imitating a CDN. Traffic counts: /origin/stats.json.

Options:
  --port PORT    port to listen on (default ${DEFAULT_CLI_PORT}; 0 = any free port)
  --host HOST    address to listen on (default 127.0.0.1)
  --media DIR    media directory (default demo/media/fixtures)
  --window N     segments per live playlist, 1-${MAX_LIVE_WINDOW} (default 6)
  --rate RATE    body rate cap per media response: 4mbit, 500kbit, 1000000 (bits/s)
  --delay MS     delay before the first byte of every response
  --sha256       serve <segment URL>.sha256 digests
  -h, --help     show this help
`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export type CliCommand =
  { readonly help: true } | { readonly help: false; readonly options: OriginOptions };

const RATE = /^(\d+(?:\.\d+)?)(kbit|mbit|gbit)?$/i;
const RATE_UNITS: Readonly<Record<string, number>> = { kbit: 1e3, mbit: 1e6, gbit: 1e9 };

export function parseCli(argv: readonly string[]): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        media: { type: 'string' },
        window: { type: 'string' },
        rate: { type: 'string' },
        delay: { type: 'string' },
        sha256: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { help: true };
  const bitsPerSecond = values.rate === undefined ? undefined : parseRate(values.rate);
  const firstByteDelayMs =
    values.delay === undefined ? undefined : parseMilliseconds('--delay', values.delay);
  return {
    help: false,
    options: {
      port:
        values.port === undefined
          ? DEFAULT_CLI_PORT
          : parseInteger('--port', values.port, 0, 65535),
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(values.media === undefined ? {} : { mediaRoot: values.media }),
      ...(values.window === undefined
        ? {}
        : { liveWindow: parseInteger('--window', values.window, 1, MAX_LIVE_WINDOW) }),
      throttle: {
        ...(bitsPerSecond === undefined ? {} : { bitsPerSecond }),
        ...(firstByteDelayMs === undefined ? {} : { firstByteDelayMs }),
      },
      sha256: values.sha256 === true,
    },
  };
}

/** `4mbit`, `500kbit`, `1000000` → bits per second (decimal units, as for link speeds). */
export function parseRate(text: string): number {
  const match = RATE.exec(text);
  const bits =
    match === null ? NaN : Number(match[1]) * (RATE_UNITS[match[2]?.toLowerCase() ?? ''] ?? 1);
  if (!(bits > 0))
    throw new UsageError(`--rate must look like 4mbit, 500kbit or 1000000, got "${text}"`);
  return bits;
}

function parseInteger(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`${flag} must be an integer between ${min} and ${max}, got "${text}"`);
  }
  return value;
}

function parseMilliseconds(flag: string, text: string): number {
  if (!/^\d+(?:\.\d+)?$/.test(text)) {
    throw new UsageError(`${flag} must be a number of milliseconds, got "${text}"`);
  }
  return Number(text);
}
