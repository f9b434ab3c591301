import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../src/scheduler/decide.ts';
import { hash32, seedRank } from '../../src/scheduler/rendezvous.ts';
import { peer, world } from './world.ts';

const ids = Array.from({ length: 8 }, (_, i) => `peer-${i}-${(i * 7919).toString(36)}`);
const segmentIds = Array.from({ length: 4000 }, (_, i) => `720p|${1000 + i}`);

test('hash32 is deterministic and spreads over all 32 bits', () => {
  assert.equal(hash32('a'), hash32('a'));
  assert.notEqual(hash32('720p|1'), hash32('720p|2'));
  const high = segmentIds.filter((id) => hash32(id) >= 2 ** 31).length;
  assert.ok(high > 1800 && high < 2200, `${high} of 4000 in the upper half`);
});

test('across 8 fully connected views every segment gets each rank once, spread over peers', () => {
  const firsts = new Map(ids.map((id) => [id, 0]));
  for (const segmentId of segmentIds) {
    const ranks = ids.map((self) =>
      seedRank(
        self,
        ids.filter((id) => id !== self),
        segmentId,
      ),
    );
    assert.deepEqual(
      [...ranks].sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7],
      segmentId,
    );
    const first = ids[ranks.indexOf(0)] ?? '';
    firsts.set(first, (firsts.get(first) ?? 0) + 1);
  }
  // Each peer ranks first for about 1/8 of the segments (expected 500, sd about 21).
  for (const [id, count] of firsts) {
    assert.ok(Math.abs(count - 500) < 75, `${id} first for ${count}`);
  }
});

test('consecutive segments change seeder: no peer seeds long runs', () => {
  const seeder = segmentIds.map((segmentId) =>
    ids.find((self) => seedRank(self, ids, segmentId) === 0),
  );
  let run = 1;
  let longest = 1;
  for (let i = 1; i < seeder.length; i++) {
    run = seeder[i] === seeder[i - 1] ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  // With p = 1/8 per step, a run of 8 in 4000 has probability about 4000 / 8^7.
  assert.ok(longest < 8, `longest run ${longest}`);
});

test('decide: in each of 8 views of a new live segment, exactly one seeds and the rest wait', () => {
  for (const segmentId of segmentIds.slice(0, 200)) {
    const outcomes = ids.map((self) => {
      const input = world({
        live: true,
        selfId: self,
        segments: [{ id: segmentId, startTime: 10, knownAt: 10_000 }],
        peers: ids.filter((id) => id !== self).map((id) => peer({ id })),
      });
      const first = decide(input);
      // Deterministic: the same snapshot gives the same decisions.
      assert.deepEqual(decide(input), first);
      return first;
    });
    const seeding = outcomes.filter((decisions) => decisions.length > 0);
    assert.equal(seeding.length, 1, segmentId);
    assert.deepEqual(seeding[0], [{ kind: 'http', segmentId, reason: 'seed', urgent: false }]);
  }
});
