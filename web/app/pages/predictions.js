// Race predictions, the fan-facing page: "who wins the next classic, and why". A race's predicted
// ranking (GET /rank/predictions) with each rider's attributions (TreeSHAP, or integrated
// gradients for the neural ranker) as bars: green pushes the rider up, red down.
import { get } from '../api.js';
import { errorBox, fmt, h } from '../dom.js';

const MAX_FEATURES = 6;

export async function show(main, args, query) {
  main.append(h('h1', {}, 'Race predictions'));
  let year = query.get('year');
  const race = query.get('race') || '';
  const model = query.get('model') || 'xgboost';
  if (!year) {
    // The newest stored model's year: the season it was trained to predict.
    const { models } = await get('/rank/models');
    const years = models.map((m) => Number((m.name.match(/(\d{4})$/) || [])[1])).filter(Boolean);
    year = years.length ? String(Math.max(...years)) : String(new Date().getUTCFullYear());
  }
  const form = h('form', { class: 'inline' },
    h('label', {}, 'Season', h('input', { name: 'year', value: year, size: 5 })),
    h('label', {}, 'Race (name or part of it)', h('input', { name: 'race', value: race })),
    h('label', {}, 'Model', h('select', { name: 'model' }, ['xgboost', 'neural', 'baseline'].map(
      (m) => h('option', { value: m, selected: m === model }, m)))),
    h('button', { type: 'submit' }, 'Predict'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams(new FormData(form));
    location.hash = `#/predictions?${q}`;
  });
  main.append(form);
  if (!race) {
    main.append(h('p', { class: 'muted' }, 'Name a race of the season to see its predicted top 10.'));
    return;
  }
  let r;
  try {
    r = await get(`/rank/predictions?${new URLSearchParams({ year, race, model })}`);
  } catch (e) {
    main.append(errorBox(e));
    return;
  }
  for (const ev of r.races) main.append(raceBlock(ev));
}

function raceBlock(ev) {
  const all = ev.top.flatMap((p) => (p.features || []).map((f) => Math.abs(f.contribution)));
  const scale = Math.max(1e-9, ...all);
  return h('section', { class: 'race' },
    h('h2', {}, `${ev.race} · ${ev.date}`),
    h('p', { class: 'muted' }, `${ev.riders} starters · model ${ev.model}` +
      (ev.method ? ` · attributions: ${ev.method}` : '')),
    ev.top.map((p) => pick(p, scale)));
}

function pick(p, scale) {
  const features = (p.features || []).slice()
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, MAX_FEATURES);
  return h('div', { class: 'pick' },
    h('div', { class: 'head' },
      h('span', { class: 'pos' }, p.position),
      h('strong', {}, p.athlete),
      h('span', { class: 'muted' }, `score ${fmt(p.score, 3)}` +
        (p.actual ? ` · finished ${p.actual}` : ''))),
    features.length ? h('div', { class: 'shap', 'aria-label': `why ${p.athlete}` },
      features.map((f) => {
        const half = (50 * Math.abs(f.contribution)) / scale;
        const bar = h('div', { class: `bar ${f.contribution >= 0 ? 'pos' : 'neg'}` });
        bar.style.width = `${half}%`;
        bar.style.left = f.contribution >= 0 ? '50%' : `${50 - half}%`;
        return [
          h('span', {}, `${f.feature} = ${f.value === null ? '–' : fmt(f.value, 2)}`),
          h('div', { class: 'track' }, h('div', { class: 'axis' }), bar),
          h('span', { class: 'num' }, `${f.contribution >= 0 ? '+' : ''}${fmt(f.contribution, 3)}`),
        ];
      })) : null);
}
