/**
 * The baseline: bittorrent-tracker's Server with only its WebSocket tracker,
 * as `node reference-server.mjs --port P`. servers.ts runs it compiled to
 * plain JavaScript so that, like ours, it runs without the tsx loader (whose
 * hooks thread alone would add about 30 MB RSS).
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Server } from 'bittorrent-tracker';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const server = new Server({ http: false, udp: false, ws: true, stats: false });
server.on('error', (err: Error) => {
  process.stderr.write(`reference tracker: ${err.message}\n`);
  process.exit(1);
});
server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.http?.address() as AddressInfo;
  // Same ready line as our CLI, so that servers.ts reads both alike.
  process.stdout.write(`reference tracker listening on http://127.0.0.1:${port}\n`);
});
