import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemorySegmentStore } from '../../src/storage/memory-store.ts';
import type { Playback } from '../../src/storage/segment-store.ts';
import type { Segment } from '../../src/streams/model.ts';
import { seededRandom as random } from '../../../../test/support/seeded-random.ts';
import { bytes, held, init, media, mirror } from './segments.ts';

const KEEP_BEHIND = 12;
const DURATION = 2;
const RENDITIONS = ['lo', 'hi'];

/** The rules restated: a rank (tier, key) for an evictable media segment, else undefined. */
function rank(segment: Segment, playback: Playback): [number, number] | undefined {
  const end = segment.startTime + segment.duration;
  if (end > playback.position) {
    return playback.isWanted(segment.id) ? undefined : [3, -segment.startTime];
  }
  return [end <= playback.position - KEEP_BEHIND ? 1 : 2, segment.startTime];
}

const before = (a: [number, number], b: [number, number]): boolean =>
  a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

function run(seed: number, steps: number): void {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    assert.ok(item !== undefined);
    return item;
  };
  const store = new MemorySegmentStore({ budgetBytes: 80, keepBehindSeconds: KEEP_BEHIND });
  const mirrored = mirror(store);
  const known = new Map<string, Segment>();
  let budget = 80;
  let position = 0;
  let rendition = 'lo';
  // The engine's view: the current rendition's init and its next 10 s are wanted.
  const isWanted = (id: string): boolean => {
    const segment = known.get(id);
    if (segment?.rendition !== rendition) return false;
    if (segment.duration === 0) return true;
    return segment.startTime + segment.duration > position && segment.startTime < position + 10;
  };
  const playback = (): Playback => ({ position, isWanted });
  const segmentAt = (r: string, sequence: number): Segment => {
    const segment = media(r, Math.max(0, sequence), { duration: DURATION, init: `${r}|init` });
    known.set(segment.id, segment);
    return segment;
  };
  for (const r of RENDITIONS) known.set(`${r}|init`, init(r));

  for (let step = 0; step < steps; step++) {
    const heldBefore = new Set(store.ids());
    const bytesBefore = store.bytes;
    let removed: string[] = [];
    const off = store.onChange((change) => (removed = removed.concat(change.removed)));
    const roll = next();
    let deleted: string | undefined;
    let evictsInOrder = true;

    if (roll < 0.55) {
      const nowSequence = Math.floor(position / DURATION);
      const segment =
        next() < 0.1
          ? (known.get(`${pick(RENDITIONS)}|init`) as Segment)
          : segmentAt(
              next() < 0.7 ? rendition : pick(RENDITIONS),
              nowSequence - 12 + Math.floor(next() * 20),
            );
      const size = 1 + Math.floor(next() * 20);
      const accepted = store.put(segment, bytes(size));
      if (heldBefore.has(segment.id) || bytesBefore + size <= budget) {
        assert.equal(accepted, true, 'refused with room to spare');
      }
      if (accepted) assert.ok(store.has(segment.id));
      else assert.deepEqual(held(store), [...heldBefore].sort(), 'a refusal changed the store');
    } else if (roll < 0.75) {
      position += next() * 3;
      store.setPlayback(playback());
    } else if (roll < 0.8) {
      position = next() * 200;
      store.setPlayback(playback());
    } else if (roll < 0.85) {
      rendition = pick(RENDITIONS);
      store.setPlayback(playback());
    } else if (roll < 0.92) {
      budget = 20 + Math.floor(next() * 100);
      store.setBudget(budget);
    } else if (heldBefore.size > 0) {
      deleted = pick([...heldBefore]);
      assert.equal(store.delete(deleted), true);
      evictsInOrder = false;
    }
    off();

    const context = playback();
    const heldNow = held(store);
    const sizes = heldNow.map((id) => store.get(id)?.byteLength ?? NaN);
    assert.equal(
      store.bytes,
      sizes.reduce((a, b) => a + b, 0),
      'accounting',
    );
    assert.deepEqual([...mirrored].sort(), heldNow, 'notifications');
    const named = new Set(heldNow.map((id) => known.get(id)?.initSegmentId));
    const isProtected = (id: string): boolean => {
      const segment = known.get(id);
      assert.ok(segment);
      if (named.has(id)) return true;
      if (segment.duration === 0) return isWanted(id);
      return rank(segment, context) === undefined;
    };
    if (store.bytes > budget) {
      assert.ok(heldNow.every(isProtected), `over budget with something evictable (${seed})`);
    }
    for (const id of heldBefore) {
      if (id !== deleted && isProtected(id)) {
        assert.ok(store.has(id), `evicted protected ${id} (seed ${seed}, step ${step})`);
      }
    }
    // Whatever media segment went, nothing evictable that ranks before it stayed.
    if (evictsInOrder) {
      const ranks = (ids: Iterable<string>): [number, number][] =>
        [...ids].flatMap((id) => {
          const segment = known.get(id);
          const r = segment && segment.duration > 0 ? rank(segment, context) : undefined;
          return r ? [r] : [];
        });
      for (const gone of ranks(removed)) {
        for (const kept of ranks(heldNow)) {
          assert.ok(!before(kept, gone), `out of order (seed ${seed}, step ${step})`);
        }
      }
    }
  }
}

test('random puts, playhead moves, switches and budget changes keep every invariant', () => {
  for (let seed = 1; seed <= 50; seed++) run(seed, 400);
});
