import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientAddress, nearbyKeys } from '../src/network-prefix.ts';

test('nearbyKeys: IPv4 /24 then /16', () => {
  assert.deepEqual(nearbyKeys('192.168.1.20'), ['192.168.1/24', '192.168/16']);
  assert.deepEqual(nearbyKeys('10.0.0.1'), ['10.0.0/24', '10.0/16']);
});

test('nearbyKeys: IPv4-mapped IPv6 addresses count as IPv4', () => {
  assert.deepEqual(nearbyKeys('::ffff:192.168.1.20'), ['192.168.1/24', '192.168/16']);
});

test('nearbyKeys: IPv6 /48, whatever the spelling of the address', () => {
  const key = ['2001:db8:abcd::/48'];
  assert.deepEqual(nearbyKeys('2001:db8:abcd:12::1'), key);
  assert.deepEqual(nearbyKeys('2001:0DB8:ABCD:0012:0000:0000:0000:0001'), key);
  assert.deepEqual(nearbyKeys('2001:db8:abcd::'), key);
  assert.deepEqual(nearbyKeys('2001:db8:abcd:ffff:ffff:ffff:ffff:ffff'), key);
  assert.notDeepEqual(nearbyKeys('2001:db8:abce::1'), key);
  assert.deepEqual(nearbyKeys('2001:db8::1'), ['2001:db8:0::/48']);
  assert.deepEqual(nearbyKeys('::1'), ['0:0:0::/48']);
});

test('nearbyKeys: anything else has no keys', () => {
  assert.deepEqual(nearbyKeys(''), []);
  assert.deepEqual(nearbyKeys('localhost'), []);
  assert.deepEqual(nearbyKeys('300.1.1.1'), []);
});

const PROXY = new Set(['10.0.0.1', '10.0.0.2']);

test('clientAddress: the socket address unless it is a trusted proxy', () => {
  assert.equal(clientAddress('203.0.113.5', '198.51.100.1', new Set()), '203.0.113.5');
  assert.equal(clientAddress('203.0.113.5', '198.51.100.1', PROXY), '203.0.113.5');
  assert.equal(clientAddress('10.0.0.1', undefined, PROXY), '10.0.0.1');
  assert.equal(clientAddress(undefined, undefined, PROXY), '');
});

test('clientAddress: behind trusted proxies, the right-most hop that is not one of them', () => {
  assert.equal(clientAddress('10.0.0.1', '198.51.100.7', PROXY), '198.51.100.7');
  // A client-supplied (spoofed) entry sits left of what the proxy appended.
  assert.equal(clientAddress('10.0.0.1', '1.2.3.4, 198.51.100.7', PROXY), '198.51.100.7');
  // Chained trusted proxies are skipped.
  assert.equal(clientAddress('10.0.0.1', '1.2.3.4,198.51.100.7 , 10.0.0.2', PROXY), '198.51.100.7');
  // Repeated headers are read as one list.
  assert.equal(
    clientAddress('10.0.0.1', ['1.2.3.4', '198.51.100.7, 10.0.0.2'], PROXY),
    '198.51.100.7',
  );
  // Only trusted hops: the left-most one.
  assert.equal(clientAddress('10.0.0.1', '10.0.0.2', PROXY), '10.0.0.2');
  // An empty header falls back to the socket.
  assert.equal(clientAddress('10.0.0.1', '', PROXY), '10.0.0.1');
  assert.equal(clientAddress('10.0.0.1', ' , ', PROXY), '10.0.0.1');
});

test('clientAddress: ::ffff: IPv4-mapped addresses are unmapped, for the socket and the hops', () => {
  assert.equal(clientAddress('::ffff:203.0.113.5', undefined, new Set()), '203.0.113.5');
  assert.equal(clientAddress('::ffff:10.0.0.1', '::ffff:198.51.100.7', PROXY), '198.51.100.7');
  assert.equal(
    clientAddress('::ffff:10.0.0.1', '198.51.100.7, ::ffff:10.0.0.2', PROXY),
    '198.51.100.7',
  );
  // Plain IPv6 addresses are kept as they are.
  assert.equal(clientAddress('2001:db8::1', undefined, new Set()), '2001:db8::1');
  assert.equal(clientAddress('::1', '2001:db8::7', new Set(['::1'])), '2001:db8::7');
});
