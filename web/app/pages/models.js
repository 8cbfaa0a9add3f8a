// Model cards (GET /models): the pretrained vision models' manifest and every stored race-ranking
// model with its card (what it was trained on, how it scored, its limits).
import { get } from '../api.js';
import { h, table } from '../dom.js';

function cardList(card) {
  if (!card || typeof card !== 'object') return h('p', { class: 'muted' }, 'No card stored.');
  return h('dl', { class: 'summary' }, Object.entries(card).flatMap(([k, v]) => [
    h('dt', {}, k.replaceAll('_', ' ')),
    h('dd', {}, cardValue(v)),
  ]));
}

// Scalars as they are; lists and objects folded (a card's feature list or metrics can be long).
function cardValue(v) {
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object') && v.length <= 8) {
    return v.join(', ');
  }
  const n = Array.isArray(v) ? `${v.length} items` : `${Object.keys(v).length} fields`;
  return h('details', {}, h('summary', {}, n), h('pre', {}, JSON.stringify(v, null, 1)));
}

export async function show(main) {
  const r = await get('/models');
  main.append(h('h1', {}, 'Model cards'));
  main.append(h('h2', {}, 'Race-ranking models'));
  main.append(r.rank.length ? h('div', { class: 'cards' }, r.rank.map((m) => h('div', { class: 'card' },
    h('h3', {}, m.name),
    h('p', { class: 'muted' }, `${m.kind} · ${new Date(m.created_at_utc_s * 1000).toISOString().slice(0, 10)}`),
    cardList(m.card))))
    : h('p', { class: 'muted' }, 'None trained yet (podium rank train).'));
  const p = r.pretrained;
  main.append(h('h2', {}, `Pretrained vision models (${p.package} ${p.version})`));
  main.append(table([
    { label: 'Name', cell: (m) => m.name },
    { label: 'Task', cell: (m) => m.task },
    { label: 'Keypoints', num: true, cell: (m) => m.keypoints ?? '–' },
    { label: 'MB', num: true, cell: (m) => (m.bytes / 1e6).toFixed(1) },
  ], p.models));
}
