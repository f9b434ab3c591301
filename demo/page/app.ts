/**
 * The demo page: one player through Peerlane with its figures (totals, a rate
 * chart, peers, events). With `?compact=1` it is one tile of the swarm view: the
 * player and its totals only, reported to the embedding page every second.
 */
import type { DemoConfig } from './demo-config.ts';
import { create, element, showPairs } from './dom.ts';
import { eventLog, type Log } from './event-log.ts';
import { formatBytes, formatRate } from './format.ts';
import { renderPeers } from './peer-table.ts';
import { startSession, type Session } from './player.ts';
import { RateChart } from './rate-chart.ts';
import { RateHistory, SAMPLE_MS } from './rate-history.ts';
import {
  defaultTracker,
  presets,
  readSettings,
  settingsQuery,
  type PlayerSettings,
} from './settings.ts';
import type { SwarmReport } from './swarm-report.ts';
import { showCount, showTraffic } from './totals-view.ts';
import { NO_TRAFFIC, trafficSince, type Traffic } from './traffic.ts';

const LOG_LINES = 300;

const compact = new URLSearchParams(location.search).get('compact') === '1';
document.body.classList.toggle('compact', compact);

const video = element('video', HTMLVideoElement);
const form = element('controls', HTMLFormElement);
const presetSelect = element('preset', HTMLSelectElement);
const urlInput = element('url', HTMLInputElement);
const trackerInput = element('tracker', HTMLInputElement);
const p2pToggle = element('p2p', HTMLInputElement);
const logList = element('log', HTMLOListElement);
const log: Log = compact ? () => undefined : eventLog(logList, LOG_LINES);

const config = (await (await fetch('/demo/config.json')).json()) as DemoConfig;
const choices = presets(config, location.href);
let settings = readSettings(new URLSearchParams(location.search), {
  src: choices[0]?.url ?? '',
  tracker: defaultTracker(config, new URL(location.href)),
  p2p: true,
});

presetSelect.replaceChildren(
  ...choices.map(({ label, url }) => new Option(label, url)),
  new Option('Custom URL', ''),
);

function showSettings(): void {
  urlInput.value = settings.src;
  trackerInput.value = settings.tracker;
  p2pToggle.checked = settings.p2p;
  presetSelect.value = choices.some(({ url }) => url === settings.src) ? settings.src : '';
  if (!compact) history.replaceState(null, '', settingsQuery(settings));
  element('swarm-link', HTMLAnchorElement).href =
    `/swarm.html${settingsQuery(settings, { n: '4' })}`;
}

let session: Session | undefined;
let last: Traffic = NO_TRAFFIC;
let lastAt = performance.now();

function play(next: PlayerSettings): void {
  settings = next;
  showSettings();
  session?.destroy();
  session = startSession(video, settings, log);
  last = NO_TRAFFIC;
  lastAt = performance.now();
}

presetSelect.addEventListener('change', () => {
  if (presetSelect.value === '') {
    urlInput.focus();
    urlInput.select();
    return;
  }
  play({ ...settings, src: presetSelect.value });
});
urlInput.addEventListener('input', () => {
  presetSelect.value = choices.some(({ url }) => url === urlInput.value) ? urlInput.value : '';
});
p2pToggle.addEventListener('change', () => {
  settings = { ...settings, p2p: p2pToggle.checked };
  session?.peerlane.configure({ p2p: settings.p2p });
  log('player', `P2P ${settings.p2p ? 'on' : 'off'}`);
  showSettings();
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  play({ src: urlInput.value, tracker: trackerInput.value, p2p: p2pToggle.checked });
});
element('show-segments', HTMLInputElement).addEventListener('change', (event) => {
  const show = event.currentTarget instanceof HTMLInputElement && event.currentTarget.checked;
  logList.classList.toggle('hide-segments', !show);
});

const examples = element('examples', HTMLElement);
for (const path of config.examples) {
  const name = (path.split('/').at(-1) ?? path).replace(/\.html$/, '').replace(/-/g, ' ');
  const link = create('a', `${name} example`);
  link.href = path;
  examples.append(link);
}

const chart = compact ? undefined : new RateChart(element('chart', HTMLElement), 260);
const rates = new RateHistory();

/**
 * What this player does in its swarm, in words: a player ahead of its peers fetches
 * new segments first and serves them, so its own P2P share may stay at zero.
 */
function role(bytes: Traffic, peers: number): string {
  if (!settings.p2p) return 'P2P off: every segment comes over HTTP.';
  if (peers === 0) return 'No peers yet: open this page in another tab.';
  if (bytes.p2p === 0 && bytes.upload > 0) {
    return 'Seeding: this player gets new segments first and serves them to its peers.';
  }
  if (bytes.p2p === 0) return 'Connected: segments will come from peers that have them.';
  return bytes.upload > 0
    ? 'Getting segments from peers and serving others.'
    : 'Getting segments from peers.';
}

function showPlayback(current: Session): void {
  const level = current.hls.levels[current.hls.currentLevel];
  const ranges = video.buffered;
  const ahead = ranges.length > 0 ? ranges.end(ranges.length - 1) - video.currentTime : 0;
  showPairs(element('playback', HTMLDListElement), {
    position: `${video.currentTime.toFixed(1)} s`,
    buffered: `${Math.max(0, ahead).toFixed(1)} s ahead`,
    rendition: level ? `${level.height}p, ${formatRate(level.bitrate / 8)}` : '–',
    'behind live': current.hls.latency > 0 ? `${current.hls.latency.toFixed(1)} s` : '–',
    'bandwidth estimate': formatRate(current.hls.bandwidthEstimate / 8),
    'peer id': current.peerlane.peerId,
  });
}

function sample(): void {
  if (session === undefined) return;
  const at = performance.now();
  const stats = session.peerlane.stats();
  const now: Traffic = { http: stats.http, p2p: stats.p2p, upload: stats.uploaded };
  rates.add(Date.now() / 1000, trafficSince(last, now), (at - lastAt) / 1000);
  last = now;
  lastAt = at;
  showTraffic(now);
  showCount('total-peers', stats.peers.length);
  if (compact) {
    const report: SwarmReport = {
      type: 'peerlane-demo-report',
      totals: now,
      peers: stats.peers.length,
      playing: !video.paused && video.readyState >= 3,
    };
    if (window.parent !== window) window.parent.postMessage(report, location.origin);
    return;
  }
  chart?.show(rates);
  element('role', HTMLElement).textContent = role(now, stats.peers.length);
  renderPeers(element('peers', HTMLTableSectionElement), session.peers.rows(stats.peers, at), at);
  showPlayback(session);
}

interface ServerFigures {
  origin: { totalBytes: number; requests: number };
  tracker: { connections: number; peers: number; swarms: number } | undefined;
}

async function serverFigures(): Promise<ServerFigures> {
  const [origin, tracker] = await Promise.all([
    fetch('/origin/stats.json').then((r) => r.json() as Promise<ServerFigures['origin']>),
    fetch('/demo/tracker.json').then((r) =>
      r.ok ? (r.json() as Promise<ServerFigures['tracker']>) : undefined,
    ),
  ]);
  return { origin, tracker };
}

async function showServers(): Promise<void> {
  const { origin, tracker } = await serverFigures();
  showPairs(element('servers', HTMLDListElement), {
    'origin served': `${formatBytes(origin.totalBytes)} in ${origin.requests} requests`,
    'tracker peers': tracker ? `${tracker.peers} in ${tracker.swarms} swarms` : 'external tracker',
    'tracker connections': tracker ? String(tracker.connections) : '–',
  });
}

play(settings);
setInterval(sample, SAMPLE_MS);
if (!compact) {
  setInterval(() => {
    showServers().catch((error: unknown) => {
      log('warning', `server figures unavailable: ${String(error)}`);
    });
  }, 2 * SAMPLE_MS);
}
