import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCore, FakeClient, seededRandom } from './core-support.ts';
import { announce, id, offers } from './support.ts';

const HASH = id('hash');

test('offersByTier counts offers by the tier their recipient was picked from', () => {
  for (let seed = 0; seed < 10; seed++) {
    const { receive, counters } = createCore({ random: seededRandom(seed) });
    const join = (address: string, peer: string): FakeClient => {
      const client = new FakeClient(address);
      receive(client, announce(HASH, id(peer)));
      return client;
    };
    const same24 = join('192.0.2.10', 'same24');
    const same16 = join('192.0.77.10', 'same16');
    const far = Array.from({ length: 10 }, (_, i) => join(`198.51.${i}.1`, `far${i}`));
    const announcer = new FakeClient('192.0.2.99');
    receive(announcer, announce(HASH, id('announcer'), { offers: offers('x', 4) }));
    assert.equal(same24.offers().length, 1, `seed ${seed}`);
    assert.equal(same16.offers().length, 1);
    assert.equal(far.filter((client) => client.offers().length > 0).length, 2);
    assert.deepEqual(counters.offersByTier, { 'nearby/24': 1, 'nearby/16': 1, random: 2 });
    // The /24 neighbour gets the first offer, the /16 one the second.
    assert.equal(same24.offers()[0]?.offer_id, id('offer-x-0'));
    assert.equal(same16.offers()[0]?.offer_id, id('offer-x-1'));
  }
});

test('IPv6 peers in the same /48 are offered first, counted as nearby/48', () => {
  const { receive, counters } = createCore();
  const neighbour = new FakeClient('2001:db8:5:1::1');
  receive(neighbour, announce(HASH, id('neighbour')));
  const others = Array.from({ length: 20 }, (_, i) => {
    const client = new FakeClient(`2001:db8:${(i + 6).toString(16)}::1`);
    receive(client, announce(HASH, id(`o${i}`)));
    return client;
  });
  const announcer = new FakeClient('2001:db8:5:ff::2');
  receive(announcer, announce(HASH, id('announcer'), { offers: offers('x', 1) }));
  assert.equal(neighbour.offers().length, 1);
  assert.equal(others.filter((client) => client.offers().length > 0).length, 0);
  assert.deepEqual(counters.offersByTier, { 'nearby/48': 1 });
});

test('with nearby off every offer is a random pick', () => {
  const { receive, counters } = createCore({ nearby: false });
  const clients = ['192.0.2.10', '192.0.2.11', '192.0.77.10'].map((address, i) => {
    const client = new FakeClient(address);
    receive(client, announce(HASH, id(`p${i}`)));
    return client;
  });
  receive(
    new FakeClient('192.0.2.99'),
    announce(HASH, id('announcer'), { offers: offers('x', 3) }),
  );
  assert.deepEqual(
    clients.map((client) => client.offers().length),
    [1, 1, 1],
  );
  assert.deepEqual(counters.offersByTier, { random: 3 });
});
