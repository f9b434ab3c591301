import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatRate } from './format.ts';
import type { RateHistory } from './rate-history.ts';

const MIN_SPAN_S = 60;
/** 100 kbit/s: an idle chart still has a sensible axis. */
const MIN_RATE = 12_500;

const COLORS = { http: '#e07a2f', p2p: '#1f9d8b', upload: '#4a5fd8' } as const;

const rateSeries = (label: string, color: string, fill: boolean): uPlot.Series => ({
  label,
  stroke: color,
  width: 2,
  ...(fill ? { fill: `${color}33` } : { dash: [6, 4] }),
  points: { show: false },
  // uPlot passes null where the cursor is on no point.
  value: (_chart, value: number | null) => (value === null ? '–' : formatRate(value)),
});

/**
 * Download rate by source and upload rate over time. uPlot draws it; this only
 * fits it to its container and feeds it the history's columns. The container's
 * `data-points`, `data-p2p-points` and `data-upload-points` count what it shows, for tests.
 */
export class RateChart {
  readonly #plot: uPlot;
  readonly #container: HTMLElement;

  constructor(container: HTMLElement, height: number) {
    this.#container = container;
    const options: uPlot.Options = {
      width: Math.max(200, container.clientWidth),
      height,
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: { range: (_chart, _min, max) => [0, Math.max(max * 1.1, MIN_RATE)] },
      },
      axes: [
        {},
        {
          size: 80,
          values: (_chart, ticks) => ticks.map((tick) => formatRate(tick)),
        },
      ],
      series: [
        {},
        rateSeries('HTTP download', COLORS.http, true),
        rateSeries('P2P download', COLORS.p2p, true),
        rateSeries('Upload', COLORS.upload, false),
      ],
    };
    this.#plot = new uPlot(options, [[], [], [], []], container);
    new ResizeObserver(() => {
      this.#plot.setSize({ width: Math.max(200, container.clientWidth), height });
    }).observe(container);
  }

  show(history: RateHistory): void {
    const columns = history.columns();
    this.#plot.setData(columns);
    const [times] = columns;
    const last = times.at(-1);
    // At least a minute wide from the start, so that the first samples don't fill the chart.
    if (last !== undefined) {
      this.#plot.setScale('x', { min: Math.min(times[0] ?? last, last - MIN_SPAN_S), max: last });
    }
    const { points, p2pPoints, uploadPoints } = history.counts();
    this.#container.dataset.points = String(points);
    this.#container.dataset.p2pPoints = String(p2pPoints);
    this.#container.dataset.uploadPoints = String(uploadPoints);
  }
}
