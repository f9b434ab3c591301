import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MEDIA_ROOT } from './origin/index.ts';

const media = (path: string): string => fileURLToPath(new URL(`media/${path}`, import.meta.url));

/**
 * Where `npm start` keeps its generated stream: like the benchmarks' media sets, a
 * folder of its own under the git-ignored demo/media/generated/.
 */
export const GENERATED_MEDIA_ROOT = media('generated/demo');

/**
 * 60 s at bitrates a little closer to real video than the fixtures' (which are kept
 * small for the repository): enough to see the chart move and the live loop last.
 */
const GENERATE_ARGS = ['--duration', '60', '--bitrates', '150,250,400', '--audio-bitrate', '48'];

/** Written last, naming the arguments: a set without it (interrupted, or older) is made again. */
const STAMP = join(GENERATED_MEDIA_ROOT, 'generated-with.txt');

const isComplete = (): boolean =>
  existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === GENERATE_ARGS.join(' ');

const hasFfmpeg = (): boolean =>
  ['ffmpeg', 'ffprobe'].every((tool) => spawnSync(tool, ['-version']).status === 0);

/**
 * The media folder the demo serves: the generated stream, generated with ffmpeg on
 * first use, else the committed fixtures.
 */
export async function ensureDemoStream(say: (line: string) => void): Promise<string> {
  if (isComplete()) return GENERATED_MEDIA_ROOT;
  if (!hasFfmpeg()) {
    say('ffmpeg not found: serving the 20 s test fixtures (install ffmpeg for a 60 s stream)');
    return DEFAULT_MEDIA_ROOT;
  }
  say('generating a 60 s demo stream with ffmpeg (once, about 30 s)…');
  const args = [media('generate.sh'), ...GENERATE_ARGS, '--out', GENERATED_MEDIA_ROOT];
  const failure = await run('bash', args, (line) => {
    say(`  ${line}`);
  });
  if (failure !== undefined) {
    say(`stream generation failed (${failure}): serving the test fixtures`);
    return DEFAULT_MEDIA_ROOT;
  }
  await writeFile(STAMP, `${GENERATE_ARGS.join(' ')}\n`);
  return GENERATED_MEDIA_ROOT;
}

/**
 * Runs a command to completion, passing on its output lines; resolves with why it
 * failed (its last line of stderr), if it did.
 */
function run(
  command: string,
  args: string[],
  onLine: (line: string) => void,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    createInterface({ input: child.stdout }).on('line', onLine);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    child.once('error', (error) => {
      resolve(error.message);
    });
    child.once('close', (code, signal) => {
      const last = stderr.trim().split('\n').at(-1);
      if (code === 0) resolve(undefined);
      else resolve(last || `exit ${code ?? signal ?? '?'}`);
    });
  });
}
