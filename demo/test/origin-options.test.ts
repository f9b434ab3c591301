import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOrigin, startOrigin } from '../origin/index.ts';
import type { OriginOptions } from '../origin/index.ts';
import { createMediaTree, removeMediaTree } from './media-tree.ts';

describe('origin: options', () => {
  let root: string;

  before(async () => {
    root = await createMediaTree();
  });

  after(async () => {
    await removeMediaTree(root);
  });

  it('refuses bad options with a message naming the option', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ mediaRoot: '' }, /^mediaRoot must be a non-empty string/],
      [{ mediaRoot: '/nonexistent/peerlane' }, /^mediaRoot must be an existing directory/],
      [{ liveWindow: 0 }, /^liveWindow must be an integer between 1 and 100$/],
      [{ liveWindow: 101 }, /^liveWindow must be an integer between 1 and 100$/],
      [{ liveWindow: 2.5 }, /^liveWindow must be an integer/],
      [{ port: -1 }, /^port must be an integer between 0 and 65535$/],
      [{ port: 70000 }, /^port must be/],
      [{ host: '' }, /^host must be/],
      [{ sha256: 'yes' }, /^sha256 must be a boolean$/],
      [{ now: 5 }, /^now must be a function$/],
      [{ throttle: 5 }, /^throttle must be an object$/],
      [{ throttle: { bitsPerSecond: 0 } }, /^throttle\.bitsPerSecond must be a positive number$/],
      [{ throttle: { bitsPerSecond: Infinity } }, /^throttle\.bitsPerSecond/],
      [
        { throttle: { firstByteDelayMs: -1 } },
        /^throttle\.firstByteDelayMs must be a number >= 0$/,
      ],
      [{ throttle: { rate: 1 } }, /^throttle\.rate is not an option$/],
      [{ window: 3 }, /^window is not an option$/],
    ];
    for (const [extra, message] of cases) {
      const options = { mediaRoot: root, ...extra } as OriginOptions;
      assert.throws(() => createOrigin(options), { message }, JSON.stringify(extra));
    }
  });

  it('refuses a bad throttle at runtime too', () => {
    const origin = createOrigin({ mediaRoot: root });
    assert.throws(() => {
      origin.setThrottle({ bitsPerSecond: -5 });
    }, /throttle\.bitsPerSecond/);
  });

  it('rejects startOrigin on a bad option before listening', async () => {
    await assert.rejects(startOrigin({ mediaRoot: root, port: 1.5 }), /^Error: port must be/);
  });

  it('closes with keep-alive connections open', async () => {
    const origin = await startOrigin({ mediaRoot: root });
    const response = await fetch(`${origin.url}/vod/ts/master.m3u8`, { keepalive: true });
    await response.text();
    await origin.close();
    await assert.rejects(fetch(`${origin.url}/vod/ts/master.m3u8`));
  });
});
