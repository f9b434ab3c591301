// The adapter's browser tests alone (test/browser/karma.conf.cjs runs them with all
// the others): `npx karma start test/browser/hlsjs/karma.conf.cjs`.
const shared = require('../karma.conf.cjs');

module.exports = async (config) => {
  await shared(config);
  config.set({
    basePath: '../../..',
    files: [{ pattern: 'test/browser/hlsjs/*.test.ts', watched: false }],
  });
};
