import Hls from 'hls.js';

interface OriginStats {
  totalBytes: number;
  requests: number;
}

const variants = ['ts', 'fmp4', 'byterange', 'audio'] as const;
const presets = [
  ...variants.map((v) => ({ label: `Live, ${v}`, path: `/live/${v}/master.m3u8` })),
  ...variants.map((v) => ({ label: `VOD, ${v}`, path: `/vod/${v}/master.m3u8` })),
];

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`demo page is missing #${id}`);
  return found;
}

const video = element('video', HTMLVideoElement);
const preset = element('preset', HTMLSelectElement);
const urlInput = element('url', HTMLInputElement);
const log = element('log', HTMLOListElement);

for (const { label, path } of presets)
  preset.add(new Option(label, new URL(path, location.href).href));
urlInput.value = preset.value;
preset.addEventListener('change', () => {
  urlInput.value = preset.value;
  play(urlInput.value);
});
element('source', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  play(urlInput.value);
});

function note(text: string): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  log.prepend(item);
}

function show(list: HTMLElement, rows: Record<string, string>): void {
  list.replaceChildren(
    ...Object.entries(rows).flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }),
  );
}

let hls: Hls | undefined;

function play(url: string): void {
  hls?.destroy();
  const player = new Hls();
  hls = player;
  player.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
    note(`manifest: ${data.levels.length} renditions`);
  });
  player.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => {
    note(`rendition ${player.levels[data.level]?.height ?? '?'}p`);
  });
  player.on(Hls.Events.ERROR, (_event, data) => {
    note(data.fatal ? `fatal error: ${data.details}` : `recovered from ${data.details}`);
  });
  player.loadSource(url);
  player.attachMedia(video);
  void video.play().catch(() => {
    note('press play to start');
  });
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

function refreshPlayback(): void {
  const level = hls?.levels[hls.currentLevel];
  const buffered = video.buffered.length > 0 ? video.buffered.end(video.buffered.length - 1) : 0;
  show(element('playback', HTMLDListElement), {
    position: `${video.currentTime.toFixed(1)} s`,
    buffered: `${Math.max(0, buffered - video.currentTime).toFixed(1)} s ahead`,
    rendition: level ? `${level.height}p, ${(level.bitrate / 1000).toFixed(0)} kbit/s` : '–',
    'behind live': hls?.latency ? `${hls.latency.toFixed(1)} s` : '–',
    'bandwidth estimate': hls ? `${(hls.bandwidthEstimate / 1e6).toFixed(2)} Mbit/s` : '–',
  });
}

async function refreshCdn(): Promise<void> {
  const response = await fetch('/origin/stats.json');
  const stats = (await response.json()) as OriginStats;
  show(element('cdn', HTMLDListElement), {
    'origin bytes served': kib(stats.totalBytes),
    'origin requests': String(stats.requests),
  });
}

setInterval(refreshPlayback, 500);
setInterval(() => {
  refreshCdn().catch((err: unknown) => {
    note(`origin stats unavailable: ${String(err)}`);
  });
}, 1000);
play(urlInput.value);
