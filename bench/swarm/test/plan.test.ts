import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptions, type Options } from '../options.ts';
import { planRuns, runName } from '../plan.ts';

const options = (args: string[]): Options => {
  const parsed = parseOptions(args);
  assert.ok(parsed);
  return parsed;
};

test('the default SDKs are each at their defaults: no tuned run', () => {
  assert.deepEqual(options([]).sdks, ['peerlane', 'p2pml', 'off']);
});

test('the tuned p2p-media-loader runs when asked for, in browser viewers only', () => {
  const browser = planRuns(options(['--sdk', 'p2pml-tuned,p2pml', '--n', '3']));
  assert.deepEqual(browser.runs.map(runName), [
    'live6-browser-n3-p2pml-tuned',
    'live6-browser-n3-p2pml',
  ]);
  const node = planRuns(options(['--sdk', 'p2pml-tuned', '--viewers', 'node']));
  assert.deepEqual(node.runs, []);
  assert.match(node.skipped.join('\n'), /live6-node-n50-p2pml-tuned: .*browser viewers only/);
});

test('--all adds the tuned run beside the defaults on live6 and live15 only', () => {
  const { runs } = planRuns(options(['--all']));
  const tuned = runs.filter((run) => run.sdk === 'p2pml-tuned').map(runName);
  assert.deepEqual(tuned, ['live6-browser-n8-p2pml-tuned', 'live15-browser-n8-p2pml-tuned']);
  assert.ok(runs.some((run) => runName(run) === 'abr-browser-n8-p2pml'));
});

test('an unknown SDK is refused by name', () => {
  assert.throws(() => parseOptions(['--sdk', 'p2pml-fast']), /--sdk/);
});
