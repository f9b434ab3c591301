import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpStatusError, PeerlaneError } from '../../src/errors.ts';
import { planBody } from '../../src/http/body-plan.ts';

const URL = 'http://cdn.example/seg.ts';

function response(status: number, headers: Record<string, string>): Response {
  return new Response(null, { status, headers });
}

test('a 200 keeps the part asked for', () => {
  const whole = response(200, { 'Content-Length': '1000' });
  assert.deepEqual(planBody(whole, URL, 0, undefined), { skip: 0, want: 1000 });
  assert.deepEqual(planBody(whole, URL, 100, 300), { skip: 100, want: 200 });
  assert.deepEqual(planBody(whole, URL, 100, undefined), { skip: 100, want: 900 });
  assert.deepEqual(planBody(response(200, {}), URL, 0, undefined), { skip: 0, want: undefined });
});

test('an encoded body has no usable Content-Length', () => {
  const gzipped = response(200, { 'Content-Length': '10', 'Content-Encoding': 'gzip' });
  assert.deepEqual(planBody(gzipped, URL, 0, undefined), { skip: 0, want: undefined });
});

test('a 206 must carry the range asked for', () => {
  const partial = response(206, { 'Content-Range': 'bytes 100-299/1000' });
  assert.deepEqual(planBody(partial, URL, 100, 300), { skip: 0, want: 200 });
  assert.deepEqual(planBody(partial, URL, 100, undefined), { skip: 0, want: 200 });
  for (const [offset, end] of [
    [0, 300],
    [100, 400],
  ] as const) {
    assert.throws(
      () => planBody(partial, URL, offset, end),
      (error) => error instanceof PeerlaneError && error.code === 'ERR_HTTP_BAD_RANGE',
    );
  }
  const garbled = response(206, { 'Content-Range': 'bytes */1000' });
  assert.throws(() => planBody(garbled, URL, 100, 300), PeerlaneError);
});

test('a 206 whose Content-Range CORS hides is taken as the range asked for', () => {
  const hidden = response(206, { 'Content-Length': '200' });
  assert.deepEqual(planBody(hidden, URL, 100, 300), { skip: 0, want: 200 });
  assert.deepEqual(planBody(hidden, URL, 100, undefined), { skip: 0, want: 200 });
});

test('an error status throws an HttpStatusError with that status', () => {
  assert.throws(
    () => planBody(response(503, {}), URL, 0, undefined),
    (error) => error instanceof HttpStatusError && error.status === 503 && error.url === URL,
  );
});
