/**
 * The tracker's options: their defaults and validation. Every source (the API,
 * a JSON config file, environment variables, CLI flags) ends up here, and a bad
 * value throws an error that names the option.
 */

export interface TlsOptions {
  /** PEM certificate chain, or a path to it when read from the CLI, env or a config file. */
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface TrackerOptions {
  /** Address to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default 8000. */
  port?: number;
  /** Serve `wss:`/`https:` with this certificate and key. */
  tls?: TlsOptions;
  /** Seconds between announces that clients are told to keep. Default 120. */
  interval?: number;
  /** Seconds without an announce after which a peer is dropped. Default 2 × interval + 30. */
  peerTimeout?: number;
  /** Seconds a relayed offer waits for its answer. Default 50 (the WebTorrent client's own limit). */
  offerTimeout?: number;
  /** Most offers relayed per announce. Default 10. */
  maxOffers?: number;
  /** Most info hashes one scrape may name. Default 100. */
  maxScrapeHashes?: number;
  /** Answer scrapes that name no info hash with every swarm. Default true. */
  fullScrape?: boolean;
  /** Offer peers on the announcer's network prefix first (IPv4 /24 then /16, IPv6 /48). Default true. */
  nearby?: boolean;
  /** Addresses of reverse proxies whose `X-Forwarded-For` is believed. Default none. */
  trustProxies?: string[];
  /** Largest WebSocket message accepted, in bytes. Default 65536. */
  maxPayload?: number;
  /** Seconds between pings; a connection that misses a pong in that time is closed. Default 30. */
  idleTimeout?: number;
  /** Bytes queued for one slow client before messages to it are dropped. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Most open connections; 0 for no limit. Default 100000. */
  maxConnections?: number;
  /** Most open connections from one address; 0 for no limit. Default 64. */
  maxConnectionsPerIp?: number;
  /** Messages per second per connection (token bucket refill); 0 for no limit. Default 20. */
  rate?: number;
  /** Token bucket size: the burst a connection may send at once. Default 40. */
  burst?: number;
  /** Accepted `Origin` headers; `''` admits clients that send none. Default: any origin. */
  allowOrigins?: string[];
  /** When set, clients must connect with `?token=` signed with this secret (see createToken). */
  authSecret?: string;
  /** When set, only these info hashes (40 hex digits) may be announced. */
  allowInfoHashes?: string[];
  /** Log level for the JSON logs on stdout. Default `info`. */
  logLevel?: LogLevel;
}

export type TrackerConfig = Required<
  Omit<TrackerOptions, 'tls' | 'authSecret' | 'allowOrigins' | 'allowInfoHashes'>
> &
  Pick<TrackerOptions, 'tls' | 'authSecret' | 'allowOrigins' | 'allowInfoHashes'>;

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

export class ConfigError extends Error {
  readonly code = 'ERR_TRACKER_CONFIG';
  constructor(option: string, message: string) {
    super(`${option} ${message}`);
    this.name = 'ConfigError';
  }
}

type Check = (name: string, value: unknown) => void;

const integer =
  (min: number, max: number): Check =>
  (name, value) => {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      throw new ConfigError(
        name,
        `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
    }
  };
const positive: Check = (name, value) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(name, `must be a positive number, got ${JSON.stringify(value)}`);
  }
};
const boolean: Check = (name, value) => {
  if (typeof value !== 'boolean')
    throw new ConfigError(name, `must be true or false, got ${JSON.stringify(value)}`);
};
const string: Check = (name, value) => {
  if (typeof value !== 'string' || value === '')
    throw new ConfigError(name, `must be a non-empty string`);
};
const strings =
  (valid: (item: string) => boolean, what: string): Check =>
  (name, value) => {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && valid(item))) {
      throw new ConfigError(name, `must be a list of ${what}, got ${JSON.stringify(value)}`);
    }
  };
const tls: Check = (name, value) => {
  const { cert, key } = (value ?? {}) as Partial<TlsOptions>;
  const pem = (v: unknown): boolean => (typeof v === 'string' && v !== '') || Buffer.isBuffer(v);
  if (!pem(cert) || !pem(key)) throw new ConfigError(name, 'needs both cert and key');
};
const logLevel: Check = (name, value) => {
  if (!LOG_LEVELS.includes(value as LogLevel)) {
    throw new ConfigError(
      name,
      `must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
};

const CHECKS: Record<keyof TrackerOptions, Check> = {
  host: string,
  port: integer(0, 65535),
  tls,
  interval: integer(1, 86400),
  peerTimeout: integer(1, 7 * 86400),
  offerTimeout: integer(1, 3600),
  maxOffers: integer(0, 100),
  maxScrapeHashes: integer(1, 10000),
  fullScrape: boolean,
  nearby: boolean,
  trustProxies: strings((item) => item !== '', 'addresses'),
  maxPayload: integer(1024, 16 * 1024 * 1024),
  idleTimeout: integer(1, 3600),
  maxBufferedBytes: integer(1024, 1024 * 1024 * 1024),
  maxConnections: integer(0, 10_000_000),
  maxConnectionsPerIp: integer(0, 10_000_000),
  rate: (name, value) => {
    if (value !== 0) positive(name, value);
  },
  burst: integer(1, 1_000_000),
  allowOrigins: strings(() => true, 'origins'),
  authSecret: string,
  allowInfoHashes: strings((item) => /^[0-9a-fA-F]{40}$/.test(item), '40-digit hex info hashes'),
  logLevel,
};

export const OPTION_NAMES = Object.keys(CHECKS) as (keyof TrackerOptions)[];

/** Validates options and fills in defaults. Unknown option names are an error too. */
export function resolveConfig(options: TrackerOptions): TrackerConfig {
  for (const [name, value] of Object.entries(options)) {
    const check = CHECKS[name as keyof TrackerOptions] as Check | undefined;
    if (check === undefined) throw new ConfigError(name, 'is not an option');
    if (value !== undefined) check(name, value);
  }
  const interval = options.interval ?? 120;
  return {
    host: '127.0.0.1',
    port: 8000,
    offerTimeout: 50,
    maxOffers: 10,
    maxScrapeHashes: 100,
    fullScrape: true,
    nearby: true,
    trustProxies: [],
    maxPayload: 65536,
    idleTimeout: 30,
    maxBufferedBytes: 1024 * 1024,
    maxConnections: 100_000,
    maxConnectionsPerIp: 64,
    rate: 20,
    burst: 40,
    logLevel: 'info',
    ...withoutUndefined(options),
    interval,
    peerTimeout: options.peerTimeout ?? 2 * interval + 30,
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
