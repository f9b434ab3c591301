/**
 * The swarm view: N demo players (the demo page in compact mode, in iframes) on one
 * stream, and a chart of what they moved together, from the totals each reports.
 */
import type { DemoConfig } from './demo-config.ts';
import { create, element } from './dom.ts';
import { RateChart } from './rate-chart.ts';
import { RateHistory, SAMPLE_MS } from './rate-history.ts';
import { defaultTracker, presets, readSettings, settingsQuery } from './settings.ts';
import { isSwarmReport, type SwarmReport } from './swarm-report.ts';
import { showCount, showTraffic } from './totals-view.ts';
import { addTraffic, NO_TRAFFIC, trafficSince, type Traffic } from './traffic.ts';

const COUNTS = [2, 3, 4, 6, 8] as const;
const MAX_PLAYERS = 12;

const query = new URLSearchParams(location.search);
const requested = Number(query.get('n') ?? 4);
const count = Number.isInteger(requested) ? Math.min(MAX_PLAYERS, Math.max(1, requested)) : 4;

const config = (await (await fetch('/demo/config.json')).json()) as DemoConfig;
const choices = presets(config, location.href).filter(({ url }) => url.includes('/live/'));
const settings = readSettings(query, {
  src: choices[0]?.url ?? '',
  tracker: defaultTracker(config, new URL(location.href)),
  p2p: true,
});

const countSelect = element('count', HTMLSelectElement);
const presetSelect = element('preset', HTMLSelectElement);
const p2pToggle = element('p2p', HTMLInputElement);
const counts = [...new Set([...COUNTS, count])].sort((a, b) => a - b);
countSelect.replaceChildren(...counts.map((n) => new Option(`${n} players`, String(n))));
countSelect.value = String(count);
presetSelect.replaceChildren(
  ...presets(config, location.href).map((p) => new Option(p.label, p.url)),
);
presetSelect.value = settings.src;
p2pToggle.checked = settings.p2p;
element('single-link', HTMLAnchorElement).href = `/${settingsQuery(settings)}`;
element('controls', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  const next = { ...settings, src: presetSelect.value, p2p: p2pToggle.checked };
  location.search = settingsQuery(next, { n: countSelect.value });
});

/** The latest report of each player, and the bytes it moved since the chart last sampled. */
const players = new Map<MessageEventSource, { report: SwarmReport; pending: Traffic }>();
const tiles = element('tiles', HTMLElement);
for (let i = 0; i < count; i++) {
  const frame = create('iframe');
  frame.title = `player ${i + 1}`;
  frame.allow = 'autoplay';
  frame.src = `/${settingsQuery(settings, { compact: '1' })}`;
  tiles.append(frame);
}

window.addEventListener('message', (event) => {
  if (event.origin !== location.origin || event.source === null || !isSwarmReport(event.data)) {
    return;
  }
  const previous = players.get(event.source);
  const moved = trafficSince(previous?.report.totals ?? NO_TRAFFIC, event.data.totals);
  players.set(event.source, {
    report: event.data,
    pending: addTraffic(previous?.pending ?? NO_TRAFFIC, moved),
  });
});

const chart = new RateChart(element('chart', HTMLElement), 300);
const rates = new RateHistory();
let lastAt = performance.now();

function sample(): void {
  const at = performance.now();
  let moved = NO_TRAFFIC;
  let total = NO_TRAFFIC;
  let playing = 0;
  for (const player of players.values()) {
    moved = addTraffic(moved, player.pending);
    total = addTraffic(total, player.report.totals);
    if (player.report.playing) playing++;
    player.pending = NO_TRAFFIC;
  }
  rates.add(Date.now() / 1000, moved, (at - lastAt) / 1000);
  lastAt = at;
  chart.show(rates);
  showTraffic(total);
  showCount('total-playing', playing, `${playing} of ${count}`);
}

setInterval(sample, SAMPLE_MS);
