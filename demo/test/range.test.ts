import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRangeHeader, parseSidecarRange } from '../origin/range.ts';

describe('parseRangeHeader', () => {
  const size = 1000;

  it('takes the whole resource without a header', () => {
    assert.deepEqual(parseRangeHeader(undefined, size), { kind: 'full' });
  });

  it('reads closed, open-ended and suffix ranges', () => {
    assert.deepEqual(parseRangeHeader('bytes=0-99', size), {
      kind: 'partial',
      span: { start: 0, end: 99 },
    });
    assert.deepEqual(parseRangeHeader('bytes=900-', size), {
      kind: 'partial',
      span: { start: 900, end: 999 },
    });
    assert.deepEqual(parseRangeHeader('bytes=-100', size), {
      kind: 'partial',
      span: { start: 900, end: 999 },
    });
  });

  it('clamps an end or a suffix past the resource', () => {
    assert.deepEqual(parseRangeHeader('bytes=990-5000', size), {
      kind: 'partial',
      span: { start: 990, end: 999 },
    });
    assert.deepEqual(parseRangeHeader('bytes=-5000', size), {
      kind: 'partial',
      span: { start: 0, end: 999 },
    });
  });

  for (const header of [
    'bytes=1000-',
    'bytes=1000-1001',
    'bytes=5-4',
    'bytes=-0',
    'bytes=-',
    'bytes=a-b',
    'bytes=0-1,5-6',
    'items=0-1',
    'bytes 0-1',
    '',
  ]) {
    it(`refuses "${header}"`, () => {
      assert.deepEqual(parseRangeHeader(header, size), { kind: 'unsatisfiable' });
    });
  }

  it('refuses every range of an empty resource', () => {
    assert.deepEqual(parseRangeHeader('bytes=0-', 0), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRangeHeader('bytes=-1', 0), { kind: 'unsatisfiable' });
  });
});

describe('parseSidecarRange', () => {
  it('reads an inclusive range inside the file', () => {
    assert.deepEqual(parseSidecarRange('10-19', 20), { start: 10, end: 19 });
    assert.deepEqual(parseSidecarRange('0-0', 1), { start: 0, end: 0 });
  });

  it('refuses ranges outside the file or malformed', () => {
    for (const text of ['10-20', '5-4', '-5', '5-', 'x', '1-2-3']) {
      assert.equal(parseSidecarRange(text, 20), undefined, text);
    }
  });
});
