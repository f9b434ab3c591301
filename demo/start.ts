/** `npm start`: the demo page, the local origin and the tracker on one port. */
import { ensureDemoStream } from './demo-stream.ts';
import { createServer } from 'node:net';
import { relative } from 'node:path';
import { startDemo } from './server.ts';
import { listExamplePages } from './static-files.ts';
import { parseStartArgs, USAGE, UsageError, type StartCommand } from './start-args.ts';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function fail(message: string, code: number): never {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(code);
}

/** A listen error as one line a newcomer can act on. */
function listenProblem(error: unknown, host: string, port: number): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return `port ${port} on ${host} is already in use; stop what uses it or pick another with --port`;
  }
  if (code === 'EACCES') return `no permission to listen on port ${port}; use --port 1024 or above`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return `cannot listen on ${host}: not an address of this machine (see --host)`;
  }
  return undefined;
}

function probePort(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => {
      server.close(() => {
        resolve();
      });
    });
  });
}

async function main(): Promise<void> {
  let command: StartCommand;
  try {
    command = parseStartArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) fail(`${error.message}\n\n${USAGE}`, 2);
    throw error;
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return;
  }
  const { host = '127.0.0.1', port = 8080 } = command.demo;
  const listening = async <T>(start: () => Promise<T>): Promise<T> => {
    try {
      return await start();
    } catch (error) {
      fail(listenProblem(error, host, port) ?? String(error), 1);
    }
  };
  // Before a first run spends half a minute generating the stream.
  await listening(() => probePort(host, port));
  const mediaRoot = command.media ?? (await ensureDemoStream(say));
  const demo = await listening(() =>
    startDemo({ ...command.demo, origin: { ...command.demo.origin, mediaRoot } }),
  );
  const examples = (await listExamplePages()).map((path) => `${demo.url}${path.slice(1)}`);
  say(
    [
      '',
      `Peerlane demo: ${demo.url}`,
      '',
      `  Open it in two or more tabs: their players share segments over WebRTC.`,
      `  swarm view   ${demo.url}swarm.html?n=4   (several players in one tab)`,
      ...examples.map((url) => `  example      ${url}`),
      `  tracker      ${demo.announceUrl}`,
      `  media        ${relative(process.cwd(), demo.origin.mediaRoot) || '.'}`,
      '',
      'Ctrl-C stops.',
    ].join('\n'),
  );
  const stop = (): void => {
    say('stopping…');
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        fail(error instanceof Error ? error.message : String(error), 1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error), 1);
});
