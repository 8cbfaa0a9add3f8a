// The squad: the athletes this user may see (GET /athletes), each with its number of activities.
import { get } from '../api.js';
import { h, table } from '../dom.js';

export async function show(main) {
  const { athletes } = await get('/athletes');
  main.append(h('h1', {}, 'Squad'));
  if (!athletes.length) {
    main.append(h('p', { class: 'muted' }, 'No athletes are visible to you.'));
    return;
  }
  const rows = await Promise.all(athletes.map(async (id) => {
    try {
      const r = await get(`/athletes/${encodeURIComponent(id)}/activities`);
      return { id, count: r.activities.length, last: r.activities.at(-1) };
    } catch (e) {
      return { id, count: null, error: e.message };
    }
  }));
  main.append(table([
    { label: 'Athlete', cell: (r) => h('a', { href: `#/athlete/${encodeURIComponent(r.id)}` }, r.id) },
    { label: 'Activities', num: true, cell: (r) => (r.count === null ? '–' : r.count) },
    { label: 'Latest', cell: (r) => (r.last ? h('a', { href: `#/activity/${r.last.id}` },
      r.last.start_utc_s ? new Date(r.last.start_utc_s * 1000).toISOString().slice(0, 10)
        : r.last.file_name) : '') },
  ], rows));
}
