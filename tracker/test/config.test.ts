import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, resolveConfig } from '../src/config.ts';
import { optionsFromCli, usage } from '../src/config-sources.ts';

test('defaults; peerTimeout follows interval unless set', () => {
  const config = resolveConfig({});
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 8000);
  assert.equal(config.interval, 120);
  assert.equal(config.peerTimeout, 270);
  assert.equal(config.offerTimeout, 50);
  assert.equal(config.maxPayload, 65536);
  assert.equal(config.allowOrigins, undefined);
  assert.equal(resolveConfig({ interval: 10 }).peerTimeout, 50);
  assert.equal(resolveConfig({ interval: 10, peerTimeout: 15 }).peerTimeout, 15);
});

test('bad values and unknown options throw a ConfigError naming the option', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ port: 70000 }, /^port /],
    [{ port: 1.5 }, /^port /],
    [{ interval: 0 }, /^interval /],
    [{ maxOffers: 101 }, /^maxOffers /],
    [{ rate: -1 }, /^rate /],
    [{ rate: Number.NaN }, /^rate /],
    [{ nearby: 'yes' }, /^nearby /],
    [{ host: '' }, /^host /],
    [{ allowInfoHashes: ['abc'] }, /^allowInfoHashes /],
    [{ trustProxies: [''] }, /^trustProxies /],
    [{ tls: { cert: 'x' } }, /^tls /],
    [{ logLevel: 'loud' }, /^logLevel /],
    [{ maxPeers: 5 }, /^maxPeers is not an option/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => resolveConfig(options),
      (error: unknown) => error instanceof ConfigError && message.test(error.message),
      JSON.stringify(options),
    );
  }
  assert.equal(resolveConfig({ rate: 0 }).rate, 0, 'rate 0 turns the limit off');
});

test('CLI flags beat environment variables, which beat the config file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'peerlane-config-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'tracker.json');
  writeFileSync(file, JSON.stringify({ port: 1000, interval: 30, maxOffers: 3, host: '0.0.0.0' }));
  const { options, help } = optionsFromCli(
    ['--config', file, '--port', '3000', '--nearby', 'false'],
    {
      PEERLANE_TRACKER_PORT: '2000',
      PEERLANE_TRACKER_INTERVAL: '60',
      PEERLANE_TRACKER_ALLOW_ORIGINS: 'https://a.example, https://b.example',
    },
  );
  assert.equal(help, false);
  assert.deepEqual(options, {
    port: 3000,
    interval: 60,
    maxOffers: 3,
    host: '0.0.0.0',
    nearby: false,
    allowOrigins: ['https://a.example', 'https://b.example'],
  });
  assert.equal(resolveConfig(options).peerTimeout, 150);
});

test('CLI lists repeat or use commas; an empty value admits clients without Origin', () => {
  const { options } = optionsFromCli(
    ['--allow-origins', '', '--trust-proxies', '10.0.0.1,10.0.0.2', '--trust-proxies', '::1'],
    {},
  );
  assert.deepEqual(options.allowOrigins, ['']);
  assert.deepEqual(options.trustProxies, ['10.0.0.1', '10.0.0.2', '::1']);
});

test('CLI errors: bad numbers, booleans, unknown flags and unreadable files', () => {
  assert.throws(() => optionsFromCli(['--port', 'abc'], {}), /^ConfigError: port must be a number/);
  assert.throws(() => optionsFromCli(['--nearby', 'yes'], {}), /nearby must be true or false/);
  assert.throws(() => optionsFromCli(['--bogus', '1'], {}), /bogus/);
  assert.throws(
    () => optionsFromCli(['--config', '/nonexistent/tracker.json'], {}),
    /^ConfigError: config/,
  );
  assert.throws(() => optionsFromCli(['--tls-cert', '/nonexistent.pem'], {}), /^ConfigError: tls/);
  assert.equal(optionsFromCli(['-h'], {}).help, true);
  assert.match(usage(), /--max-connections-per-ip VALUE\s+PEERLANE_TRACKER_MAX_CONNECTIONS_PER_IP/);
});
