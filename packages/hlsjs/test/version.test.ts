import { test } from 'node:test';
import assert from 'node:assert/strict';
import Hls from 'hls.js';
import Hls15 from 'hls.js-1.5';
import Hls16 from 'hls.js-1.6';
import { isSupportedHlsVersion } from '../src/index.ts';
import { isCompatibleHlsVersion } from '../src/version.ts';

test('the installed hls.js versions are supported', () => {
  for (const version of [Hls.version, Hls15.version, Hls16.version]) {
    assert.equal(isSupportedHlsVersion(version), true, `hls.js ${version}`);
  }
});

test('versions outside 1.5 to 1.7 are not supported', () => {
  assert.equal(isSupportedHlsVersion('1.5.20'), true);
  assert.equal(isSupportedHlsVersion('1.7.4'), true);
  assert.equal(isSupportedHlsVersion('1.4.12'), false);
  assert.equal(isSupportedHlsVersion('1.8.0'), false);
  assert.equal(isSupportedHlsVersion('2.0.0'), false);
  assert.equal(isSupportedHlsVersion('garbage'), false);
});

test('a later 1.x is compatible (untested, not refused); 1.4 and 2.x are not', () => {
  assert.equal(isCompatibleHlsVersion('1.5.0'), true);
  assert.equal(isCompatibleHlsVersion('1.9.3'), true);
  assert.equal(isCompatibleHlsVersion('1.4.12'), false);
  assert.equal(isCompatibleHlsVersion('2.0.0'), false);
  assert.equal(isCompatibleHlsVersion(''), false);
});
