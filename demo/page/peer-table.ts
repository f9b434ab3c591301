import { create } from './dom.ts';
import { formatBytes, formatRate, shortPeerId } from './format.ts';
import type { PeerRow } from './peer-ledger.ts';

/** One table row per peer: who, since when, bytes each way, throughput and round trip. */
export function renderPeers(
  body: HTMLTableSectionElement,
  rows: readonly PeerRow[],
  now: number,
): void {
  if (rows.length === 0) {
    const empty = create('td', 'No peers yet: open this page in another tab.', 'empty');
    empty.colSpan = 6;
    const row = create('tr');
    row.append(empty);
    body.replaceChildren(row);
    return;
  }
  body.replaceChildren(
    ...rows.map((peer) => {
      const row = create('tr', '', ...(peer.closed === undefined ? [] : ['closed']));
      const id = create('td', shortPeerId(peer.id), 'mono');
      id.title = peer.id;
      const since = Math.round((now - peer.connectedAt) / 1000);
      const state = peer.closed === undefined ? `${since} s` : `closed (${peer.closed.reason})`;
      row.append(
        id,
        create('td', state),
        create('td', formatBytes(peer.downloaded), 'num'),
        create('td', formatBytes(peer.uploaded), 'num'),
        create('td', peer.throughput === undefined ? '–' : formatRate(peer.throughput), 'num'),
        create('td', peer.rtt === undefined ? '–' : `${peer.rtt.toFixed(0)} ms`, 'num'),
      );
      return row;
    }),
  );
}
