// An activity: power, heart rate and speed at 1 Hz with one cursor across the three charts, the
// mean-maximal power curve on a log-time axis with the critical-power fit (P = CP + W'/t), and
// W'bal. Data: GET /activities/{id}, /channels, /mmp, /wbal.
import { get } from '../api.js';
import { SECONDS_INCRS, duration, lineChart, logTicks } from '../charts.js';
import { fmt, h } from '../dom.js';

const CHANNELS = [
  ['power_w', 'Power', 'W', 0, 1],
  ['heart_rate_bpm', 'Heart rate', 'bpm', 0, 1],
  ['speed_mps', 'Speed', 'km/h', 1, 3.6],
];

// The two-parameter fit drawn as P = CP + W'/t: GoldenCheetah's cherry-picked fit when it
// converged, else the linear work-time one (the answer's `cp` has every fit by name).
function cpFit(cp) {
  for (const name of ['cp2_cherrypick', 'cp2_linear']) {
    const f = cp && cp[name];
    if (f && typeof f.cp_w === 'number' && typeof f.wprime_j === 'number') return f;
  }
  return null;
}

export async function show(main, [id], query) {
  const [summary, first] = await Promise.all([get(`/activities/${id}`), get(`/activities/${id}/channels`)]);
  const wanted = CHANNELS.filter(([name]) => first.available.includes(name));
  const [channels, mmp, wbal] = await Promise.all([
    wanted.length ? get(`/activities/${id}/channels?names=${wanted.map((c) => c[0]).join(',')}`)
      : Promise.resolve({ channels: {} }),
    first.available.includes('power_w') ? get(`/activities/${id}/mmp`) : Promise.resolve(null),
    first.available.includes('power_w') ? get(`/activities/${id}/wbal`).catch(() => null)
      : Promise.resolve(null),
  ]);
  if (query.get('duplicate')) main.append(h('p', { role: 'status' }, 'This file was already stored.'));
  main.append(h('h1', {}, `Activity ${id}`),
    h('p', { class: 'muted' }, [summary.athlete, summary.file && summary.file.name,
      summary.start_utc_s ? new Date(summary.start_utc_s * 1000).toISOString() : null]
      .filter(Boolean).join(' · ')));

  main.append(h('h2', {}, 'Channels'));
  for (const [name, label, unit, digits, scale] of wanted) {
    const values = channels.channels[name].map((v) => (v === null ? null : v * scale));
    const el = h('div', { class: 'chart', 'data-channel': name });
    main.append(el);
    lineChart(el, {
      title: `${label} (${unit})`, height: 160, sync: `activity-${id}`,
      x: values.map((_, i) => i), xLabel: 'time', xValue: (u, v) => (v == null ? '–' : duration(v)),
      xValues: (u, ticks) => ticks.map(duration), xIncrs: SECONDS_INCRS,
      series: [{ label, values, digits }],
    });
  }

  if (mmp) {
    main.append(h('h2', {}, 'Mean-maximal power'));
    const el = h('div', { class: 'chart', id: 'mmp' });
    main.append(el);
    const fit = cpFit(mmp.cp);
    const series = [{ label: 'MMP', values: mmp.watts, digits: 0, width: 2 }];
    if (fit) {
      series.push({ label: `CP fit (CP ${fmt(fit.cp_w)} W, W' ${fmt(fit.wprime_j / 1000, 1)} kJ, ${fit.model})`,
        values: mmp.duration_s.map((t) => (t >= 60 ? fit.cp_w + fit.wprime_j / t : null)),
        color: '#ef6c00', dash: [6, 4], digits: 0 });
    }
    lineChart(el, {
      title: 'MMP (log time)', x: mmp.duration_s, xLog: true, xLabel: 'duration',
      xValue: (u, v) => (v == null ? '–' : duration(v)), xValues: (u, ticks) => logTicks(ticks),
      yLabel: 'W', series,
    });
  }

  if (wbal && wbal.wbal_j) {
    main.append(h('h2', {}, "W'bal"));
    const el = h('div', { class: 'chart', id: 'wbal' });
    main.append(el);
    lineChart(el, {
      title: `W'bal (kJ; CP ${fmt(wbal.cp_w)} W, W' ${fmt(wbal.wprime_j / 1000, 1)} kJ)`,
      height: 180, sync: `activity-${id}`, x: wbal.wbal_j.map((_, i) => i), xLabel: 'time',
      xValue: (u, v) => (v == null ? '–' : duration(v)), xValues: (u, ticks) => ticks.map(duration), xIncrs: SECONDS_INCRS,
      series: [{ label: "W'bal", values: wbal.wbal_j.map((v) => (v === null ? null : v / 1000)),
        digits: 1, color: '#8e44ad' }],
    });
  }
}
