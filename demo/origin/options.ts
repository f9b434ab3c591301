import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_LIVE_WINDOW } from './live.ts';

export interface ThrottleOptions {
  /** Rate cap of each media response body, in bits per second; absent = unlimited. */
  bitsPerSecond?: number;
  /** Wait before the first byte of every response (time to first byte). */
  firstByteDelayMs?: number;
}

export interface OriginOptions {
  /** Directory served under /vod/ and replayed under /live/; default demo/media/fixtures. */
  mediaRoot?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Segments in a live playlist unless the client asks `?window=N`; default 6. */
  liveWindow?: number;
  throttle?: ThrottleOptions;
  /** Serve `<segment URL>.sha256` digests; default false. */
  sha256?: boolean;
  /** Wall clock in ms, for the live simulation; default Date.now. */
  now?: () => number;
}

export interface OriginSettings {
  readonly mediaRoot: string;
  readonly host: string;
  readonly port: number;
  readonly liveWindow: number;
  readonly throttle: ThrottleOptions;
  readonly sha256: boolean;
  readonly now: () => number;
}

export const DEFAULT_MEDIA_ROOT = fileURLToPath(new URL('../media/fixtures', import.meta.url));
export const DEFAULT_LIVE_WINDOW = 6;

const OPTION_NAMES = ['mediaRoot', 'host', 'port', 'liveWindow', 'throttle', 'sha256', 'now'];

/** Checks options from TypeScript and JavaScript callers alike; errors name the option. */
export function validateOptions(options: OriginOptions): OriginSettings {
  rejectUnknownKeys(options, OPTION_NAMES, '');
  const values: Record<string, unknown> = { ...options };
  const mediaRoot = resolve(
    optional(
      values.mediaRoot,
      DEFAULT_MEDIA_ROOT,
      isNonEmptyString,
      'mediaRoot must be a non-empty string',
    ),
  );
  if (!isDirectory(mediaRoot)) {
    throw new Error(`mediaRoot must be an existing directory: ${mediaRoot}`);
  }
  return {
    mediaRoot,
    host: optional(values.host, '127.0.0.1', isNonEmptyString, 'host must be a non-empty string'),
    port: optional(
      values.port,
      0,
      isIntegerIn(0, 65535),
      'port must be an integer between 0 and 65535',
    ),
    liveWindow: optional(
      values.liveWindow,
      DEFAULT_LIVE_WINDOW,
      isIntegerIn(1, MAX_LIVE_WINDOW),
      `liveWindow must be an integer between 1 and ${MAX_LIVE_WINDOW}`,
    ),
    throttle: values.throttle === undefined ? {} : validateThrottle(values.throttle),
    sha256: optional(
      values.sha256,
      false,
      (value) => typeof value === 'boolean',
      'sha256 must be a boolean',
    ),
    now: optional(
      values.now,
      Date.now,
      (value) => typeof value === 'function',
      'now must be a function',
    ),
  };
}

export function validateThrottle(throttle: unknown): ThrottleOptions {
  if (typeof throttle !== 'object' || throttle === null) {
    throw new Error('throttle must be an object');
  }
  rejectUnknownKeys(throttle, ['bitsPerSecond', 'firstByteDelayMs'], 'throttle.');
  const values = throttle as Record<string, unknown>;
  const bitsPerSecond = optional<number | undefined>(
    values.bitsPerSecond,
    undefined,
    isFiniteNumberWhere((n) => n > 0),
    'throttle.bitsPerSecond must be a positive number',
  );
  const firstByteDelayMs = optional<number | undefined>(
    values.firstByteDelayMs,
    undefined,
    isFiniteNumberWhere((n) => n >= 0),
    'throttle.firstByteDelayMs must be a number >= 0',
  );
  return {
    ...(bitsPerSecond === undefined ? {} : { bitsPerSecond }),
    ...(firstByteDelayMs === undefined ? {} : { firstByteDelayMs }),
  };
}

function optional<T>(
  value: unknown,
  fallback: T,
  isValid: (value: unknown) => boolean,
  message: string,
): T {
  if (value === undefined) return fallback;
  if (!isValid(value)) throw new Error(message);
  return value as T;
}

function rejectUnknownKeys(object: object, known: readonly string[], prefix: string): void {
  const unknown = Object.keys(object).find((key) => !known.includes(key));
  if (unknown !== undefined) throw new Error(`${prefix}${unknown} is not an option`);
}

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

function isIntegerIn(min: number, max: number): (value: unknown) => boolean {
  return (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

function isFiniteNumberWhere(accept: (n: number) => boolean): (value: unknown) => boolean {
  return (value) => typeof value === 'number' && Number.isFinite(value) && accept(value);
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}
