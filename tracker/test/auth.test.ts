import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createToken, verifyToken } from '../src/auth.ts';

const NOW = Date.UTC(2030, 0, 1);

test('a token is valid until its expiry, and only under its secret', () => {
  const token = createToken('secret', 60, NOW);
  assert.match(token, /^\d+\.[A-Za-z0-9_-]{43}$/);
  assert.equal(verifyToken('secret', token, NOW), true);
  assert.equal(verifyToken('secret', token, NOW + 59_999), true);
  assert.equal(verifyToken('secret', token, NOW + 60_000), false, 'expired');
  assert.equal(verifyToken('other secret', token, NOW), false);
});

test('tampered, malformed or missing tokens are refused', () => {
  const token = createToken('secret', 60, NOW);
  const [expiry = '', signature = ''] = token.split('.');
  const later = String(Number(expiry) + 3600);
  assert.equal(verifyToken('secret', `${later}.${signature}`, NOW), false, 'extended expiry');
  const flipped = (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1);
  assert.equal(verifyToken('secret', `${expiry}.${flipped}`, NOW), false, 'other signature');
  for (const bad of [null, '', expiry, `${expiry}.`, `.${signature}`, `${token}x`, `x${token}`]) {
    assert.equal(verifyToken('secret', bad, NOW), false, JSON.stringify(bad));
  }
});

test('createToken wants a positive integer TTL', () => {
  for (const ttl of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => createToken('secret', ttl), RangeError, String(ttl));
  }
});
