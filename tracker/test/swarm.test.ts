import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Swarm, type Member } from '../src/swarm.ts';
import { FakeClient, seededRandom } from './core-support.ts';

function member(peerId: string, client = new FakeClient(), complete = false): Member {
  return { peerId, infoHash: 'h', client, complete, seenAt: 0, slots: [] };
}

/** A seeded random source that counts its calls. */
function countingRandom(seed: number): { random: () => number; calls: () => number } {
  const random = seededRandom(seed);
  let calls = 0;
  return {
    random: () => {
      calls++;
      return random();
    },
    calls: () => calls,
  };
}

test('add, get, remove and the complete/incomplete counts', () => {
  const swarm = new Swarm();
  const a = member('a');
  const b = member('b', undefined, true);
  swarm.add(a);
  swarm.add(b);
  assert.equal(swarm.size, 2);
  assert.equal(swarm.complete, 1);
  assert.equal(swarm.incomplete, 1);
  assert.equal(swarm.get('a'), a);
  assert.equal(swarm.get('c'), undefined);

  swarm.setComplete(a, true);
  swarm.setComplete(a, true);
  assert.equal(swarm.complete, 2);
  assert.equal(swarm.incomplete, 0);

  swarm.remove(b);
  swarm.remove(b);
  assert.equal(swarm.size, 1);
  assert.equal(swarm.complete, 1);
  // A stale member object with a live peer id does not remove the live one.
  swarm.remove(member('a'));
  assert.equal(swarm.get('a'), a);
  swarm.remove(a);
  assert.equal(swarm.size, 0);
  assert.equal(swarm.complete, 0);
  assert.deepEqual(swarm.members(), []);
});

test('10k members: swap-removes keep the member list exact, and sampling stays O(1)', () => {
  const swarm = new Swarm();
  const random = seededRandom(7);
  const all = Array.from({ length: 10_000 }, (_, i) => member(`p${i}`));
  for (const m of all) swarm.add(m);
  assert.equal(swarm.size, 10_000);

  // Remove half, in a random order.
  const order = [...all];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as Member, order[i] as Member];
  }
  const removed = new Set(order.slice(0, 5_000));
  for (const m of removed) swarm.remove(m);
  const remaining = all.filter((m) => !removed.has(m));
  assert.equal(swarm.size, 5_000);
  assert.deepEqual(new Set(swarm.members()), new Set(remaining));
  assert.equal(new Set(swarm.members()).size, swarm.members().length, 'no duplicates');
  for (const m of remaining) assert.equal(swarm.get(m.peerId), m);
  for (const m of removed) assert.equal(swarm.get(m.peerId), undefined);

  for (let round = 0; round < 50; round++) {
    const self = remaining[round * 97] as Member;
    const counting = countingRandom(round);
    const picks = swarm.sample(self, 10, false, counting.random);
    assert.equal(picks.length, 10);
    const picked = new Set(picks.map((pick) => pick.member));
    assert.equal(picked.size, 10, 'distinct');
    assert.equal(picked.has(self), false, 'never self');
    for (const m of picked) assert.equal(removed.has(m), false, 'only current members');
    for (const pick of picks) assert.equal(pick.tier, -1);
    // The cost does not depend on the swarm's size: a bounded number of draws.
    assert.ok(counting.calls() <= 41, `${counting.calls()} random draws for 10 picks`);
  }

  // Removing the rest leaves an empty, reusable swarm.
  for (const m of remaining) swarm.remove(m);
  assert.equal(swarm.size, 0);
  const again = member('again');
  swarm.add(again);
  assert.deepEqual(swarm.members(), [again]);
});

test('sampling a small swarm returns every other member once, never self', () => {
  for (let size = 1; size <= 12; size++) {
    const swarm = new Swarm();
    const members = Array.from({ length: size }, (_, i) => member(`p${i}`));
    for (const m of members) swarm.add(m);
    for (let seed = 0; seed < 10; seed++) {
      const self = members[seed % size] as Member;
      for (const count of [1, size - 1, size + 5]) {
        const picks = swarm.sample(self, count, true, seededRandom(seed));
        const picked = new Set(picks.map((pick) => pick.member));
        assert.equal(picks.length, Math.min(Math.max(count, 0), size - 1), `size ${size}`);
        assert.equal(picked.size, picks.length, 'distinct');
        assert.equal(picked.has(self), false, 'never self');
      }
    }
  }
});

test('sampling is spread over the swarm, not stuck on a few members', () => {
  const swarm = new Swarm();
  const members = Array.from({ length: 1_000 }, (_, i) => member(`p${i}`));
  for (const m of members) swarm.add(m);
  const self = members[0] as Member;
  const random = seededRandom(3);
  const hits = new Map<Member, number>();
  for (let round = 0; round < 2_000; round++) {
    for (const { member: m } of swarm.sample(self, 5, false, random)) {
      hits.set(m, (hits.get(m) ?? 0) + 1);
    }
  }
  // 10,000 picks over 999 members: about 10 each; a uniform sampler reaches nearly all.
  assert.ok(hits.size > 990, `only ${hits.size} distinct members picked`);
  assert.ok(Math.max(...hits.values()) < 40, 'no member is picked far more than the others');
});

test('nearby-first: the same /24, then the same /16, then anyone', () => {
  const swarm = new Swarm();
  const self = member('self', new FakeClient('10.1.1.1'));
  const same24 = [
    member('s24a', new FakeClient('10.1.1.2')),
    member('s24b', new FakeClient('10.1.1.3')),
  ];
  const same16 = [
    member('s16a', new FakeClient('10.1.2.1')),
    member('s16b', new FakeClient('10.1.3.1')),
    member('s16c', new FakeClient('10.1.200.1')),
  ];
  const far = Array.from({ length: 40 }, (_, i) =>
    member(`far${i}`, new FakeClient(`10.${2 + i}.1.1`)),
  );
  for (const m of [...far.slice(0, 20), self, ...same16, ...far.slice(20), ...same24]) {
    swarm.add(m);
  }
  for (let seed = 0; seed < 20; seed++) {
    const random = seededRandom(seed);
    const two = swarm.sample(self, 2, true, random);
    assert.deepEqual(new Set(two.map((p) => p.member)), new Set(same24));
    assert.deepEqual(
      two.map((p) => p.tier),
      [0, 0],
    );

    const four = swarm.sample(self, 4, true, random);
    assert.deepEqual(
      four.map((p) => p.tier),
      [0, 0, 1, 1],
    );
    assert.deepEqual(new Set(four.slice(0, 2).map((p) => p.member)), new Set(same24));
    for (const pick of four.slice(2)) assert.ok(same16.includes(pick.member));

    const eight = swarm.sample(self, 8, true, random);
    assert.deepEqual(
      eight.map((p) => p.tier),
      [0, 0, 1, 1, 1, -1, -1, -1],
    );
    assert.equal(new Set(eight.map((p) => p.member)).size, 8);
    for (const pick of eight.slice(5)) assert.ok(far.includes(pick.member));
  }
});

test('nearby-first off: picks are all random-tier, from anywhere', () => {
  const swarm = new Swarm();
  const self = member('self', new FakeClient('10.1.1.1'));
  const neighbour = member('near', new FakeClient('10.1.1.2'));
  const far = Array.from({ length: 50 }, (_, i) =>
    member(`far${i}`, new FakeClient(`10.${2 + i}.1.1`)),
  );
  for (const m of [self, neighbour, ...far]) swarm.add(m);
  let neighbourPicked = 0;
  for (let seed = 0; seed < 50; seed++) {
    const picks = swarm.sample(self, 1, false, seededRandom(seed));
    assert.equal(picks.length, 1);
    const [pick] = picks;
    assert.ok(pick);
    assert.equal(pick.tier, -1);
    if (pick.member === neighbour) neighbourPicked++;
  }
  assert.ok(neighbourPicked < 10, `the neighbour was picked ${neighbourPicked} times in 50`);
});

test('IPv6 members group by /48', () => {
  const swarm = new Swarm();
  const self = member('self', new FakeClient('2001:db8:1:1::1'));
  const same48 = member('same48', new FakeClient('2001:db8:1:ffff::9'));
  const others = Array.from({ length: 30 }, (_, i) =>
    member(`o${i}`, new FakeClient(`2001:db8:${(i + 2).toString(16)}::1`)),
  );
  for (const m of [...others, self, same48]) swarm.add(m);
  for (let seed = 0; seed < 20; seed++) {
    const [pick, next] = swarm.sample(self, 2, true, seededRandom(seed));
    assert.equal(pick?.member, same48);
    assert.equal(pick.tier, 0);
    assert.equal(next?.tier, -1);
  }
});

test('a removed member leaves its nearby buckets', () => {
  const swarm = new Swarm();
  const self = member('self', new FakeClient('10.1.1.1'));
  const neighbour = member('near', new FakeClient('10.1.1.2'));
  const far = member('far', new FakeClient('10.9.1.1'));
  for (const m of [self, neighbour, far]) swarm.add(m);
  swarm.remove(neighbour);
  const picks = swarm.sample(self, 5, true, seededRandom(1));
  assert.deepEqual(
    picks.map((p) => [p.member.peerId, p.tier]),
    [['far', -1]],
  );
  // And re-adding puts it back in them.
  swarm.add(neighbour);
  assert.deepEqual(
    swarm.sample(self, 1, true, seededRandom(1)).map((p) => [p.member.peerId, p.tier]),
    [['near', 0]],
  );
});
