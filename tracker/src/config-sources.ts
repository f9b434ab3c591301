import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, type TrackerOptions } from './config.ts';

/**
 * Options from the command line, the environment and a JSON config file, in
 * that order of precedence. Each option `fooBar` is the flag `--foo-bar`, the
 * variable `PEERLANE_TRACKER_FOO_BAR` and the config key `fooBar`; lists repeat
 * the flag or separate values with commas. TLS takes file paths: `--tls-cert`
 * and `--tls-key` (config file: `"tls": {"cert": PATH, "key": PATH}`).
 */

type Kind = 'integer' | 'number' | 'boolean' | 'string' | 'list';

const KINDS: Record<Exclude<keyof TrackerOptions, 'tls'>, Kind> = {
  host: 'string',
  port: 'integer',
  interval: 'integer',
  peerTimeout: 'integer',
  offerTimeout: 'integer',
  maxOffers: 'integer',
  maxScrapeHashes: 'integer',
  fullScrape: 'boolean',
  nearby: 'boolean',
  trustProxies: 'list',
  maxPayload: 'integer',
  idleTimeout: 'integer',
  maxBufferedBytes: 'integer',
  maxConnections: 'integer',
  maxConnectionsPerIp: 'integer',
  rate: 'number',
  burst: 'integer',
  allowOrigins: 'list',
  authSecret: 'string',
  allowInfoHashes: 'list',
  logLevel: 'string',
};

type Name = keyof typeof KINDS;
const NAMES = Object.keys(KINDS) as Name[];

const flagOf = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envOf = (name: string): string =>
  `PEERLANE_TRACKER_${flagOf(name).replace(/-/g, '_').toUpperCase()}`;

export interface CliOptions {
  options: TrackerOptions;
  help: boolean;
}

export function optionsFromCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      config: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      ...Object.fromEntries(
        NAMES.map((name) => [flagOf(name), { type: 'string', multiple: KINDS[name] === 'list' }]),
      ),
    },
  }) as { values: Record<string, string | string[] | boolean | undefined> };
  if (values.help === true) return { options: {}, help: true };

  const configPath = (values.config as string | undefined) ?? env.PEERLANE_TRACKER_CONFIG;
  const fromFile = configPath === undefined ? {} : readConfigFile(configPath);
  const options: Record<string, unknown> = { ...fromFile };
  for (const name of NAMES) {
    const flag = values[flagOf(name)] as string | string[] | undefined;
    const raw = flag ?? env[envOf(name)];
    if (raw !== undefined) options[name] = convert(name, raw);
  }
  const cert = (values['tls-cert'] as string | undefined) ?? env.PEERLANE_TRACKER_TLS_CERT;
  const key = (values['tls-key'] as string | undefined) ?? env.PEERLANE_TRACKER_TLS_KEY;
  if (cert !== undefined || key !== undefined) options.tls = { cert, key };
  if (options.tls !== undefined) options.tls = readTls(options.tls);
  return { options: options, help: false };
}

function convert(name: Name, raw: string | string[]): unknown {
  const text = Array.isArray(raw) ? raw.join(',') : raw;
  switch (KINDS[name]) {
    case 'list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item, i, all) => item !== '' || all.length === 1);
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw new ConfigError(name, `must be true or false, got ${JSON.stringify(text)}`);
    case 'integer':
    case 'number': {
      const value = Number(text);
      if (text.trim() === '' || Number.isNaN(value)) {
        throw new ConfigError(name, `must be a number, got ${JSON.stringify(text)}`);
      }
      return value;
    }
    case 'string':
      return text;
  }
}

function readConfigFile(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('config', `could not be read from ${path}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('config', `${path} must hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function readTls(tls: unknown): { cert: Buffer; key: Buffer } {
  const { cert, key } = tls as { cert?: unknown; key?: unknown };
  if (typeof cert !== 'string' || typeof key !== 'string') {
    throw new ConfigError(
      'tls',
      'needs both a certificate and a key file (--tls-cert and --tls-key)',
    );
  }
  const read = (path: string, what: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new ConfigError(
        'tls',
        `${what} could not be read from ${path}: ${(error as Error).message}`,
      );
    }
  };
  return { cert: read(cert, 'certificate'), key: read(key, 'key') };
}

/** Usage text, generated from the option list so that it never drifts from it. */
export function usage(): string {
  const rows = [
    ['--config FILE', 'JSON file of options (keys as in the API: maxConnections, ...)'],
    ['--tls-cert FILE', 'PEM certificate chain: serve wss:// and https://'],
    ['--tls-key FILE', 'PEM private key'],
    ...NAMES.map((name) => [
      `--${flagOf(name)} ${KINDS[name] === 'boolean' ? 'true|false' : KINDS[name] === 'list' ? 'A,B' : 'VALUE'}`,
      envOf(name),
    ]),
    ['-h, --help', 'show this help'],
  ];
  const width = Math.max(...rows.map(([flag = '']) => flag.length)) + 2;
  return [
    'Usage: peerlane-tracker [options]',
    '       peerlane-tracker token --secret SECRET [--ttl SECONDS]',
    '',
    'A WebTorrent-compatible WebSocket tracker. Each option is also read from the',
    'environment variable shown beside it, and from --config. Defaults and meanings:',
    'see the README of @peerlane/tracker.',
    '',
    ...rows.map(([flag = '', text = '']) => `  ${flag.padEnd(width)}${text}`),
    '',
  ].join('\n');
}
