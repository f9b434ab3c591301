import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  defaultTracker,
  presets,
  readSettings,
  settingsQuery,
  type PlayerSettings,
} from '../page/settings.ts';
import { parseStartArgs, UsageError } from '../start-args.ts';

const config = { tracker: null, variants: ['audio', 'fmp4', 'ts'], examples: [] };

describe('demo page settings', () => {
  it('offers the live streams first, MPEG-TS first of each', () => {
    assert.deepEqual(
      presets(config, 'http://127.0.0.1:8080/?x=1').map(({ label, url }) => `${label} ${url}`),
      [
        'Live · MPEG-TS http://127.0.0.1:8080/live/ts/master.m3u8',
        'Live · alternate audio http://127.0.0.1:8080/live/audio/master.m3u8',
        'Live · fMP4 http://127.0.0.1:8080/live/fmp4/master.m3u8',
        'VOD · MPEG-TS http://127.0.0.1:8080/vod/ts/master.m3u8',
        'VOD · alternate audio http://127.0.0.1:8080/vod/audio/master.m3u8',
        'VOD · fMP4 http://127.0.0.1:8080/vod/fmp4/master.m3u8',
      ],
    );
  });

  it("announces to the demo's own tracker on the page's port unless told otherwise", () => {
    assert.equal(
      defaultTracker(config, new URL('http://192.168.1.5:8080/')),
      'ws://192.168.1.5:8080/announce',
    );
    assert.equal(
      defaultTracker(config, new URL('https://demo.example/')),
      'wss://demo.example/announce',
    );
    assert.equal(
      defaultTracker({ ...config, tracker: 'wss://t.example' }, new URL('http://x/')),
      'wss://t.example',
    );
  });

  it('round-trips the settings through the query', () => {
    const settings: PlayerSettings = {
      src: 'http://127.0.0.1:8080/live/ts/master.m3u8?token=a&b=c',
      tracker: 'ws://127.0.0.1:8080/announce',
      p2p: false,
    };
    const defaults = { src: 'x', tracker: 'y', p2p: true };
    const query = settingsQuery(settings, { n: '4' });
    assert.deepEqual(readSettings(new URLSearchParams(query), defaults), settings);
    assert.equal(new URLSearchParams(query).get('n'), '4');
    assert.deepEqual(readSettings(new URLSearchParams(''), defaults), defaults);
  });
});

describe('npm start arguments', () => {
  it('defaults to 127.0.0.1:8080 with our own tracker', () => {
    const command = parseStartArgs([]);
    assert.equal(command.help, false);
    assert.equal(command.media, undefined);
    assert.deepEqual(command.demo, { host: '127.0.0.1', port: 8080, origin: { throttle: {} } });
  });

  it('reads every option', () => {
    const command = parseStartArgs([
      '--host=0.0.0.0',
      '--port',
      '0',
      '--tracker',
      'wss://tracker.example/',
      '--media',
      'some/dir',
      '--window',
      '10',
      '--rate',
      '4000000',
      '--delay',
      '50',
    ]);
    assert.equal(command.media, 'some/dir');
    assert.deepEqual(command.demo, {
      host: '0.0.0.0',
      port: 0,
      tracker: 'wss://tracker.example/',
      origin: { liveWindow: 10, throttle: { bitsPerSecond: 4_000_000, firstByteDelayMs: 50 } },
    });
    assert.equal(parseStartArgs(['-h']).help, true);
  });

  it('names the bad argument', () => {
    const cases: [string[], RegExp][] = [
      [['--port', '80a'], /--port must be an integer from 0 to 65535, not "80a"/],
      [['--port', '70000'], /--port/],
      [['--window', '0'], /--window must be an integer from 1 to 100/],
      [['--rate', 'fast'], /--rate must be a number of at least 1/],
      [['--delay', '-5'], /--delay/],
      [['--tracker', 'http://x'], /--tracker must be a ws:\/\/ or wss:\/\/ URL/],
      [['--bogus'], /bogus/],
    ];
    for (const [args, message] of cases) {
      assert.throws(
        () => parseStartArgs(args),
        (error: unknown) => {
          assert.ok(error instanceof UsageError);
          assert.match(error.message, message);
          return true;
        },
      );
    }
  });
});
