import { parseArgs } from 'node:util';
import type { DemoOptions } from './server.ts';

export const USAGE = `Usage: npm start -- [options]

Serves the demo page, a local HLS origin (live and VOD) and a tracker on one port.

  --host HOST      address to listen on (default 127.0.0.1; 0.0.0.0 for other machines)
  --port PORT      port of the page, the origin and the tracker (ws://HOST:PORT/announce);
                   default 8080, 0 picks a free one
  --tracker URL    announce to this tracker instead of starting one (e.g. wss://tracker.example)
  --media DIR      media the origin serves (default: a 60 s stream generated with ffmpeg
                   into demo/media/generated on first start, else demo/media/fixtures)
  --window N       segments per live playlist (default 6)
  --rate BITS      cap each origin media response at this many bits per second (imitates a CDN)
  --delay MS       origin delay before the first byte of each response
  -h, --help       show this help
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface StartCommand {
  readonly help: boolean;
  /** Absent: the stream `npm start` generates or falls back to. */
  readonly media: string | undefined;
  readonly demo: DemoOptions;
}

/** Reads `npm start` arguments; a bad one throws a UsageError naming it. */
export function parseStartArgs(argv: readonly string[]): StartCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8080' },
        tracker: { type: 'string' },
        media: { type: 'string' },
        window: { type: 'string' },
        rate: { type: 'string' },
        delay: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const throttle = {
    ...(values.rate === undefined ? {} : { bitsPerSecond: number('--rate', values.rate, 1) }),
    ...(values.delay === undefined ? {} : { firstByteDelayMs: number('--delay', values.delay, 0) }),
  };
  return {
    help: values.help,
    media: values.media,
    demo: {
      host: values.host,
      port: integer('--port', values.port, 0, 65535),
      ...(values.tracker === undefined ? {} : { tracker: trackerUrl(values.tracker) }),
      origin: {
        ...(values.window === undefined
          ? {}
          : { liveWindow: integer('--window', values.window, 1, 100) }),
        throttle,
      },
    },
  };
}

function number(name: string, text: string, min: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min) {
    throw new UsageError(`${name} must be a number of at least ${min}, not "${text}"`);
  }
  return value;
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

function trackerUrl(text: string): string {
  const protocol = URL.canParse(text) ? new URL(text).protocol : '';
  if (protocol !== 'ws:' && protocol !== 'wss:') {
    throw new UsageError(`--tracker must be a ws:// or wss:// URL, not "${text}"`);
  }
  return text;
}
