import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { Reply, ReplyBody } from './reply.ts';
import { sleep, writePaced } from './throttle.ts';

export interface SendOptions {
  /** Aborted when the client goes away: every wait ends and nothing more is written. */
  readonly signal: AbortSignal;
  readonly headOnly: boolean;
  readonly firstByteDelayMs: number;
  readonly bytesPerSecond: () => number | undefined;
  readonly onWritten: (bytes: number) => void;
}

const FILE_READ_CHUNK = 64 * 1024;

/** Puts a reply on the wire the way a CDN edge would: late first byte, paced body. */
export async function sendReply(
  res: ServerResponse,
  reply: Reply,
  options: SendOptions,
): Promise<void> {
  await sleep(options.firstByteDelayMs, options.signal);
  if (options.signal.aborted) return;
  res.writeHead(reply.status, reply.headers);
  const complete =
    options.headOnly ||
    (await writePaced(res, bodyChunks(reply.body), {
      signal: options.signal,
      bytesPerSecond: reply.rateCapped ? options.bytesPerSecond : () => undefined,
      onWritten: options.onWritten,
    }));
  if (complete) res.end();
}

function bodyChunks(body: ReplyBody): AsyncIterable<Buffer> | Iterable<Buffer> {
  if (body.kind === 'bytes') return [body.data];
  return createReadStream(body.path, {
    start: body.start,
    end: body.end,
    highWaterMark: FILE_READ_CHUNK,
  });
}
