// An athlete: the performance management chart (CTL, ATL, TSB from GET /athletes/{id}/load) with
// the forecast dashed: the next FORECAST_DAYS days as the load model carries them on (no training
// recorded: fitness and fatigue decay, form rises), planned days included; the activities; and
// the video analyses (pages/video.js: upload a clip, follow its job).
import { ApiError, get, uploadActivity } from '../api.js';
import { lineChart } from '../charts.js';
import { errorBox, fmt, h, table } from '../dom.js';
import { analysesSection } from './video.js';

const FORECAST_DAYS = 14;
const day = (iso) => Date.parse(`${iso}T00:00:00Z`) / 1000;
const isoDay = (s) => new Date(s * 1000).toISOString().slice(0, 10);

export async function show(main, [id]) {
  const enc = encodeURIComponent(id);
  main.append(h('h1', {}, `Athlete ${id}`));
  const pmc = h('div', { class: 'chart', id: 'pmc' });
  main.append(h('h2', {}, 'Training load (PMC)'), pmc);
  const { activities } = await get(`/athletes/${enc}/activities`);
  // Without activities there is no load to ask for (the API would answer 400).
  if (!activities.length) {
    pmc.append(h('p', { class: 'muted' }, 'No load yet: no activities.'));
  } else {
    try {
      const history = await get(`/athletes/${enc}/load`);
      const lastDate = history.days.length ? history.days.at(-1).date : null;
      const load = lastDate ? await get(`/athletes/${enc}/load?to=${
        isoDay(day(lastDate) + FORECAST_DAYS * 86400)}`) : history;
      drawPmc(pmc, load, lastDate);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 401) throw e;
      pmc.append(errorBox(e));
    }
  }
  main.append(h('h2', {}, 'Activities'), importForm(id), activities.length ? table([
    { label: 'Id', cell: (a) => h('a', { href: `#/activity/${a.id}` }, a.id) },
    { label: 'Start (UTC)', cell: (a) => (a.start_utc_s
      ? new Date(a.start_utc_s * 1000).toISOString().slice(0, 16).replace('T', ' ') : '–') },
    { label: 'Sport', cell: (a) => a.sport },
    { label: 'Samples', num: true, cell: (a) => a.samples },
    { label: 'File', cell: (a) => a.file_name },
  ], activities) : h('p', { class: 'muted' }, 'No activities.'));
  main.append(analysesSection(id));
}

// Import a FIT/TCX/GPX file (POST, with the CSRF token), then open the new activity.
function importForm(id) {
  const file = h('input', { type: 'file', name: 'file', accept: '.fit,.gz,.tcx,.gpx', required: true });
  const status = h('span', { class: 'muted', role: 'status' });
  const form = h('form', { class: 'inline', id: 'import' },
    h('label', {}, 'Import an activity (FIT, TCX, GPX)', file),
    h('button', { type: 'submit' }, 'Import'), status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    status.textContent = 'importing…';
    try {
      const r = await uploadActivity(id, file.files[0]);
      location.hash = `#/activity/${r.id}${r.duplicate ? '?duplicate=1' : ''}`;
    } catch (e) {
      status.replaceChildren(errorBox(e));
    }
  });
  return form;
}

function drawPmc(el, load, lastDate) {
  const days = load.days || [];
  if (!days.length) {
    el.append(h('p', { class: 'muted' }, 'No load yet.'));
    return;
  }
  const x = days.map((d) => day(d.date));
  // A day is in the forecast when planned or past the history; the last actual day starts both
  // lines so that they join.
  const ahead = (d) => d.planned || (lastDate !== null && d.date > lastDate);
  const lastActual = days.findLastIndex((d) => !ahead(d));
  const pick = (key, planned) => days.map((d, i) =>
    (planned ? ahead(d) || i === lastActual : !ahead(d)) ? d[key] : null);
  const series = [];
  for (const [key, label, color] of [['ctl', 'CTL', '#2463a6'], ['atl', 'ATL', '#c62828'],
    ['tsb', 'TSB', '#2e7d32']]) {
    series.push({ label, values: pick(key, false), color, digits: 1 });
    if (days.some(ahead)) {
      series.push({ label: `${label} forecast`, values: pick(key, true), color, dash: [6, 4], digits: 1 });
    }
  }
  lineChart(el, { title: `PMC (${load.metric})`, x, series, xTime: true, xLabel: 'date',
    yLabel: 'load' });
  const last = days[lastActual >= 0 ? lastActual : days.length - 1];
  el.append(h('p', { class: 'muted' },
    `${last.date}: CTL ${fmt(last.ctl, 1)}, ATL ${fmt(last.atl, 1)}, TSB ${fmt(last.tsb, 1)}` +
    (days.some(ahead) ? `; dashed: the next ${FORECAST_DAYS} days without training` : '')));
}
