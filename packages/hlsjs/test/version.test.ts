import { test } from 'node:test';
import assert from 'node:assert/strict';
import Hls from 'hls.js';
import { isSupportedHlsVersion } from '../src/index.ts';

test('the installed hls.js is supported', () => {
  assert.equal(isSupportedHlsVersion(), true, `hls.js ${Hls.version}`);
});

test('versions outside 1.5 to 1.7 are not supported', () => {
  assert.equal(isSupportedHlsVersion('1.5.20'), true);
  assert.equal(isSupportedHlsVersion('1.7.4'), true);
  assert.equal(isSupportedHlsVersion('1.4.12'), false);
  assert.equal(isSupportedHlsVersion('2.0.0'), false);
  assert.equal(isSupportedHlsVersion('garbage'), false);
});
