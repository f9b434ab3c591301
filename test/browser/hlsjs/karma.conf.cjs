// The adapter's browser tests alone (test/browser/karma.conf.cjs runs them with all
// the others): `npx karma start test/browser/hlsjs/karma.conf.cjs`; one file with
// `PEERLANE_KARMA_FILES=test/browser/hlsjs/share.test.ts npx karma start …`.
const shared = require('../karma.conf.cjs');

module.exports = async (config) => {
  await shared(config);
  config.set({
    basePath: '../../..',
    files: [
      {
        pattern: process.env.PEERLANE_KARMA_FILES ?? 'test/browser/hlsjs/*.test.ts',
        watched: false,
      },
    ],
  });
};
