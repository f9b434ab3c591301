// Karma runs the browser tests in Debian's headless Chromium; scripts/ensure-system-deps.sh
// installs it before `npm test` gets here.
const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const { mkdirSync } = require('node:fs');
const { join } = require('node:path');

module.exports = (config) => {
  process.env.CHROME_BIN ??= '/usr/bin/chromium';
  // karma-esbuild writes its entry point to os.tmpdir() and imports each test by a
  // path relative to it, which breaks when the checkout itself sits under the temp
  // dir (say /tmp/ci): give it a temp dir of its own inside the checkout.
  const tmp = join(__dirname, '../../node_modules/.cache/karma');
  mkdirSync(tmp, { recursive: true });
  process.env.TMPDIR = tmp;
  config.set({
    basePath: '../..',
    frameworks: ['mocha'],
    files: [{ pattern: 'test/browser/**/*.test.ts', watched: false }],
    preprocessors: { '**/*.ts': ['esbuild'] },
    esbuild: { target: 'es2020', tsconfig: 'tsconfig.json', sourcemap: true },
    browsers: ['ChromiumHeadlessCI'],
    customLaunchers: {
      ChromiumHeadlessCI: { base: 'ChromeHeadless', flags: chromiumFlags },
    },
    client: { mocha: { timeout: 20000 } },
    reporters: ['mocha'],
    singleRun: true,
    browserNoActivityTimeout: 60000,
  });
};
