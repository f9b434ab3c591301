/** `npm start`: the demo page and the local origin on one port. */
import { parseArgs } from 'node:util';
import { startDemo } from './server.ts';

const usage = `Usage: npm start -- [--host HOST] [--port PORT] [--rate BITS_PER_SECOND] [--delay MS]

  --host    address to listen on (default 127.0.0.1)
  --port    port to listen on (default 8080)
  --rate    cap each origin response at this many bits per second (imitates a CDN)
  --delay   origin delay before the first byte of each response, in ms
`;

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8080' },
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
