import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemorySegmentStore } from '../../src/storage/memory-store.ts';
import type { StoreChange } from '../../src/storage/segment-store.ts';
import { bytes, held, init, media, mirror } from './segments.ts';

/** Collects every change notification of `store`. */
function changes(store: MemorySegmentStore): StoreChange[] {
  const seen: StoreChange[] = [];
  store.onChange((change) => seen.push(change));
  return seen;
}

const wantedOnly =
  (...ids: string[]) =>
  (id: string): boolean =>
    ids.includes(id);

test('holds bytes as given, counts them, and ignores a second put of an id', () => {
  const store = new MemorySegmentStore({ budgetBytes: 100 });
  const seen = changes(store);
  const data = bytes(30);
  assert.equal(store.put(media('a', 1), data), true);
  assert.equal(store.get('a|1'), data, 'not copied');
  assert.equal(store.has('a|1'), true);
  assert.equal(store.put(media('a', 1), bytes(50)), true);
  assert.equal(store.get('a|1'), data);
  assert.equal(store.bytes, 30);
  assert.equal(store.budgetBytes, 100);
  assert.deepEqual(seen, [{ added: ['a|1'], removed: [] }]);
  assert.equal(store.delete('a|1'), true);
  assert.equal(store.delete('a|1'), false);
  assert.equal(store.get('a|1'), undefined);
  assert.equal(store.bytes, 0);
});

test('rejects a negative or NaN budget and keep-behind', () => {
  assert.throws(() => new MemorySegmentStore({ budgetBytes: -1 }), RangeError);
  assert.throws(() => new MemorySegmentStore({ budgetBytes: NaN }), /budgetBytes/);
  assert.throws(
    () => new MemorySegmentStore({ budgetBytes: 1, keepBehindSeconds: -1 }),
    /keepBehindSeconds/,
  );
  const store = new MemorySegmentStore({ budgetBytes: Infinity });
  assert.throws(() => {
    store.setBudget(NaN);
  }, RangeError);
  assert.equal(store.budgetBytes, Infinity);
});

/**
 * Playhead at 100 s, 4 s segments of 10 bytes, keep-behind 30 s: far behind (end <= 70 s),
 * behind, the one containing the playhead (ahead, wanted), ahead wanted and ahead unwanted.
 */
function fullStore(): MemorySegmentStore {
  const store = new MemorySegmentStore({ budgetBytes: 110, keepBehindSeconds: 30 });
  store.setPlayback({ position: 100, isWanted: wantedOnly('a|25', 'a|26') });
  // Shuffled, so that the order can only come from the rules.
  for (const sequence of [20, 35, 5, 25, 18, 27, 15, 24, 26, 10, 30]) {
    assert.equal(store.put(media('a', sequence), bytes(10)), true);
  }
  assert.equal(store.bytes, 110);
  return store;
}

const EVICTION_ORDER = ['5', '10', '15', '18', '20', '24', '35', '30', '27'].map((s) => `a|${s}`);

test('evicts far behind oldest first, then behind oldest first, then unwanted ahead farthest first', () => {
  const store = fullStore();
  const seen = changes(store);
  const newcomers = EVICTION_ORDER.map((_, i) => `b|${i}`);
  store.setPlayback({ position: 100, isWanted: wantedOnly('a|25', 'a|26', ...newcomers) });
  for (const [i, id] of newcomers.entries()) {
    assert.equal(store.put({ ...media('b', 30 + i), id }, bytes(10)), true);
    assert.equal(store.bytes, 110);
  }
  assert.deepEqual(
    seen.map((change) => change.removed),
    EVICTION_ORDER.map((id) => [id]),
  );
  assert.deepEqual(held(store), ['a|25', 'a|26', ...newcomers].sort());
});

test('refuses, evicting nothing, when only wanted segments ahead are left', () => {
  const store = fullStore();
  // Behind the playhead, even a wanted segment may go: move it behind everything.
  store.setPlayback({ position: 0, isWanted: () => true });
  const before = held(store);
  const seen = changes(store);
  assert.equal(store.put(media('a', 40), bytes(1)), false);
  assert.equal(store.has('a|40'), false);
  assert.deepEqual(held(store), before);
  assert.deepEqual(seen, []);
});

test('refuses, evicting nothing, when evicting all it may would not make room', () => {
  const store = new MemorySegmentStore({ budgetBytes: 30 });
  store.setPlayback({ position: 0, isWanted: wantedOnly('a|1', 'a|3') });
  store.put(media('a', 1), bytes(20));
  store.put(media('a', 2), bytes(10));
  const seen = changes(store);
  assert.equal(store.put(media('a', 3), bytes(25)), false);
  assert.equal(store.put(media('a', 4), bytes(31)), false, 'larger than the budget');
  assert.deepEqual(held(store), ['a|1', 'a|2']);
  assert.deepEqual(seen, []);
  assert.equal(store.put(media('a', 3), bytes(10)), true);
  assert.deepEqual(seen, [{ added: ['a|3'], removed: ['a|2'] }]);
});

test('a newcomer only displaces what ranks before it in the eviction order', () => {
  const store = fullStore();
  const before = held(store);
  // Far behind, older than everything held: it would be the first to go.
  assert.equal(store.put(media('a', 1), bytes(10)), false);
  assert.deepEqual(held(store), before);
  // Far behind but newer than a|5: displaces it.
  assert.equal(store.put(media('a', 6), bytes(10)), true);
  assert.equal(store.has('a|5'), false);
  // Ahead, unwanted, nearer than a|35: displaces everything behind, then a|35.
  assert.equal(store.put(media('a', 29), bytes(70)), true);
  assert.deepEqual(held(store), ['a|25', 'a|26', 'a|27', 'a|29', 'a|30']);
  // Ahead, unwanted, farther than everything evictable.
  assert.equal(store.put(media('a', 50), bytes(10)), false);
  // Nearer than a|30: displaces it.
  assert.equal(store.put(media('a', 28), bytes(10)), true);
  assert.deepEqual(held(store), ['a|25', 'a|26', 'a|27', 'a|28', 'a|29']);
});

test('keeps an init segment while a held segment names it, then evicts it first', () => {
  const store = new MemorySegmentStore({ budgetBytes: 30, keepBehindSeconds: 0 });
  store.setPlayback({ position: 100, isWanted: (id) => id.startsWith('w|') });
  const seen = changes(store);
  store.put(init('v'), bytes(5));
  store.put(media('v', 1, { init: 'v|init' }), bytes(10));
  store.put(media('v', 2, { init: 'v|init' }), bytes(10));
  // The init ranks first, but v|1 and v|2 need it.
  store.put(media('w', 30), bytes(10));
  assert.deepEqual(seen.at(-1)?.removed, ['v|1']);
  store.put(media('w', 31), bytes(10));
  assert.deepEqual(seen.at(-1)?.removed, ['v|2']);
  assert.equal(store.has('v|init'), true, 'no eviction beyond the room needed');
  // Nothing needs it now, so it goes before anything else.
  store.put(media('w', 32), bytes(5));
  store.put(media('w', 33), bytes(5));
  assert.deepEqual(seen.at(-1)?.removed, ['v|init']);
});

test('evicting the last segment naming an init evicts the init with it when room is short', () => {
  const store = new MemorySegmentStore({ budgetBytes: 30 });
  store.setPlayback({ position: 100, isWanted: (id) => id.startsWith('w|') });
  store.put(init('v'), bytes(5));
  store.put(media('v', 1, { init: 'v|init' }), bytes(10));
  store.put(media('w', 30), bytes(15));
  const seen = changes(store);
  assert.equal(store.put(media('w', 31), bytes(15)), true);
  assert.deepEqual(seen, [{ added: ['w|31'], removed: ['v|1', 'v|init'] }]);
});

test('keeps a wanted init and the init of the segment being put', () => {
  const store = new MemorySegmentStore({ budgetBytes: 14 });
  store.setPlayback({ position: 0, isWanted: wantedOnly('v|init') });
  store.put(init('v'), bytes(5));
  assert.equal(store.put(media('w', 1), bytes(10)), false, 'wanted init kept');
  store.setPlayback({ position: 0, isWanted: () => false });
  // The init ranks first, but the newcomer needs it: no room without it.
  assert.equal(store.put(media('v', 1, { init: 'v|init' }), bytes(10)), false);
  assert.deepEqual(held(store), ['v|init']);
  // That refusal left no reference behind: the orphan init goes for a newcomer.
  assert.equal(store.put(media('w', 1), bytes(10)), true);
  assert.deepEqual(held(store), ['w|1']);
});

test('an init put after the segment naming it is protected at once', () => {
  const store = new MemorySegmentStore({ budgetBytes: 20 });
  store.put(media('v', 1, { init: 'v|init' }), bytes(10));
  store.put(init('v'), bytes(5));
  // Unprotected, the init alone would have made room, ranking first.
  assert.equal(store.put(media('w', 0), bytes(10)), true);
  assert.deepEqual(held(store), ['v|init', 'w|0']);
});

test('change notifications replay to exactly the held set', () => {
  const store = fullStore();
  const ids = mirror(store);
  const check = (): void => {
    assert.deepEqual([...ids].sort(), held(store));
  };
  store.setPlayback({ position: 100, isWanted: () => false });
  store.put(media('b', 1), bytes(10));
  check();
  store.put(media('b', 40), bytes(35));
  check();
  store.delete('a|25');
  store.delete('nothing');
  check();
  store.setBudget(40);
  check();
  store.clear();
  check();
  assert.equal(ids.size, 0);
  assert.equal(store.bytes, 0);
});

test('unsubscribing stops notifications; a no-op emits nothing', () => {
  const store = new MemorySegmentStore({ budgetBytes: 10 });
  const seen: StoreChange[] = [];
  const off = store.onChange((change) => seen.push(change));
  store.clear();
  store.setBudget(5);
  store.put(media('a', 1), bytes(5));
  off();
  store.put(media('a', 2), bytes(5));
  assert.deepEqual(seen, [{ added: ['a|1'], removed: [] }]);
});

test('setBudget evicts at once by the same rules, never a wanted segment ahead', () => {
  const store = fullStore();
  const seen = changes(store);
  store.setBudget(50);
  assert.equal(store.bytes, 50);
  store.setBudget(10);
  assert.deepEqual(
    seen.map((change) => change.removed),
    [EVICTION_ORDER.slice(0, 6), EVICTION_ORDER.slice(6)],
  );
  // Over budget with wanted segments ahead only; nothing more fits.
  assert.deepEqual(held(store), ['a|25', 'a|26']);
  assert.equal(store.bytes, 20);
  assert.equal(store.put(media('a', 27), bytes(1)), false);
  // Once the playhead passes a|25 it may go.
  store.setPlayback({ position: 104, isWanted: wantedOnly('a|26') });
  assert.deepEqual(held(store), ['a|26']);
  assert.equal(store.bytes, 10);
});
