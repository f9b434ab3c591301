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

const { spawn } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { createInterface } = require('node:readline');

/**
 * Starts the local origin and our tracker in a child process (servers.ts, TypeScript
 * through tsx) and resolves with the child and the URLs it prints. The child stops when
 * it gets SIGTERM or when its stdin closes, so it cannot outlive karma.
 */
function startServers(root) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/browser/servers.ts'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // Whatever happens to karma, take the child down with it.
  process.once('exit', () => child.kill('SIGTERM'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error('test/browser/servers.ts printed no URLs within 30 s'));
    }, 30_000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`test/browser/servers.ts exited early (${signal ?? code})`));
    });
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, urls: JSON.parse(line) });
    });
  });
}

/** A karma framework that stops the servers' child when karma exits, and waits for it. */
function serversFramework(child) {
  const framework = (emitter) => {
    emitter.on('exit', (done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  };
  framework.$inject = ['emitter'];
  return framework;
}

module.exports = async (config) => {
  process.env.CHROME_BIN ??= '/usr/bin/chromium';
  // karma-esbuild writes its entry point to os.tmpdir() and imports each test by a
  // path relative to it, which breaks when the checkout itself sits under the temp
  // dir (say /tmp/ci): give it a temp dir of its own inside the checkout.
  const tmp = join(__dirname, '../../node_modules/.cache/karma');
  mkdirSync(tmp, { recursive: true });
  process.env.TMPDIR = tmp;
  const { child, urls } = await startServers(join(__dirname, '../..'));
  config.set({
    basePath: '../..',
    frameworks: ['mocha', 'peerlane-servers'],
    plugins: ['karma-*', { 'framework:peerlane-servers': ['factory', serversFramework(child)] }],
    files: [{ pattern: 'test/browser/**/*.test.ts', watched: false }],
    preprocessors: { '**/*.ts': ['esbuild'] },
    esbuild: { target: 'es2020', tsconfig: 'tsconfig.json', sourcemap: true },
    browsers: ['ChromiumHeadlessCI'],
    customLaunchers: {
      ChromiumHeadlessCI: { base: 'ChromeHeadless', flags: chromiumFlags },
    },
    // The page reads these as `__karma__.config.peerlane` (see engine.test.ts).
    client: { mocha: { timeout: 20000 }, peerlane: urls },
    reporters: ['mocha'],
    singleRun: true,
    browserNoActivityTimeout: 60000,
  });
};
