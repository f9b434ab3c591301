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

module.exports = (config) => {
  process.env.CHROME_BIN ??= '/usr/bin/chromium';
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
