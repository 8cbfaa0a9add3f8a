// uPlot (vendored by scripts/setup, served from /app/vendor) made into the few charts the pages
// draw. uPlot draws on a canvas and copes with long 1 Hz series; charts with the same `sync` key
// share a cursor.
import uPlot from '/app/vendor/uplot/dist/uPlot.esm.js';

const PALETTE = ['#2463a6', '#c62828', '#2e7d32', '#8e44ad', '#ef6c00', '#00838f', '#6d4c41'];

// opts: {title, x: [...], series: [{label, values, color?, dash?, width?, fill?}], xLabel, yLabel,
//        xLog, xTime, sync, height, bands: [[upperIndex, lowerIndex]], xValue(u, v), draw(u)}
export function lineChart(parent, opts) {
  const width = Math.max(320, Math.min(1060, parent.clientWidth || 900));
  const series = [{ label: opts.xLabel || 'x', value: opts.xValue }];
  opts.series.forEach((s, i) => {
    const color = s.color || PALETTE[i % PALETTE.length];
    series.push({
      label: s.label,
      stroke: color,
      width: s.width ?? 1.5,
      dash: s.dash,
      fill: s.fill,
      points: { show: false },
      spanGaps: false,
      value: (u, v) => (v === null || v === undefined ? '–' : v.toFixed(s.digits ?? 0)),
    });
  });
  const plot = new uPlot(
    {
      title: opts.title,
      width,
      height: opts.height || 260,
      series,
      bands: (opts.bands || []).map(([a, b]) => ({ series: [a, b], fill: 'rgba(36,99,166,0.15)' })),
      // A log axis ends at the data, not at the next power of ten.
      scales: { x: { time: !!opts.xTime, distr: opts.xLog ? 3 : 1, log: 10,
        range: opts.xLog ? (u, min, max) => [Math.max(1, min), max] : undefined } },
      axes: [
        { label: opts.xLabel, values: opts.xValues, incrs: opts.xIncrs },
        { label: opts.yLabel },
      ],
      cursor: opts.sync ? { sync: { key: opts.sync, setSeries: true } } : {},
      hooks: opts.draw ? { draw: [opts.draw] } : {},
    },
    [opts.x, ...opts.series.map((s) => s.values)],
    parent,
  );
  return plot;
}

// Tick labels of a log-time axis: only 1, 2 and 5 times a power of ten, so they do not overlap.
export function logTicks(ticks) {
  return ticks.map((v) => {
    if (v === null || v === undefined || v <= 0) return '';
    const lead = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
    return [1, 2, 5].includes(lead) ? duration(v) : '';
  });
}

// Tick steps of a seconds axis: whole minutes and hours past a minute.
export const SECONDS_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400];

// "1h05" for 3900 s, "2m30s", "45s": durations on the time axes.
export function duration(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  const s = Math.round(x);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}`;
  const m = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)}h${m ? `${String(m).padStart(2, '0')}` : ''}`;
}
