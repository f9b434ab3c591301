/** `npm start`: the demo page and the local origin on one port. */
import { parseArgs } from 'node:util';
import { startDemo } from './server.ts';

const usage = `Usage: npm start -- [options]

  --host HOST    address to listen on (default 127.0.0.1)
  --port PORT    port to listen on (default 8080)
  --media DIR    media the origin serves (default demo/media/fixtures)
  --window N     segments per live playlist (default 6)
  --rate BITS    cap each origin media response at this many bits per second (imitates a CDN)
  --delay MS     origin delay before the first byte of each response
`;

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8080' },
    media: { type: 'string' },
    window: { type: 'string' },
    rate: { type: 'string' },
    delay: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help === true) {
  process.stdout.write(usage);
  process.exit(0);
}

const demo = await startDemo({
  host: values.host,
  port: Number(values.port),
  origin: {
    ...(values.media === undefined ? {} : { mediaRoot: values.media }),
    ...(values.window === undefined ? {} : { liveWindow: Number(values.window) }),
    throttle: {
      ...(values.rate === undefined ? {} : { bitsPerSecond: Number(values.rate) }),
      ...(values.delay === undefined ? {} : { firstByteDelayMs: Number(values.delay) }),
    },
  },
});
process.stdout.write(`Peerlane demo: open ${demo.url}\n`);
const stop = (): void => {
  void demo.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
