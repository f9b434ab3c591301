import { element } from './dom.ts';
import { formatBytes, formatPercent } from './format.ts';
import type { Traffic } from './traffic.ts';

/**
 * Fills the totals cards both pages share (`#total-ratio`, `#total-http`,
 * `#total-p2p`, `#total-upload`); each byte count is also in `data-bytes`, for tests.
 */
export function showTraffic(bytes: Traffic): void {
  const downloaded = bytes.http + bytes.p2p;
  element('total-ratio', HTMLElement).textContent = formatPercent(
    downloaded > 0 ? bytes.p2p / downloaded : 0,
  );
  for (const key of ['http', 'p2p', 'upload'] as const) {
    const output = element(`total-${key}`, HTMLElement);
    output.textContent = formatBytes(bytes[key]);
    output.dataset.bytes = String(bytes[key]);
  }
}

/** A count card (peers, players playing), with the number in `data-count`. */
export function showCount(id: string, count: number, text = String(count)): void {
  const output = element(id, HTMLElement);
  output.textContent = text;
  output.dataset.count = String(count);
}
