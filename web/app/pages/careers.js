// Careers: the peak-age study (GET /careers): each group's age curve (a polynomial in centred
// age) with its peak and the peak age's bootstrap 95% interval drawn as a band.
import { get } from '../api.js';
import { lineChart } from '../charts.js';
import { fmt, h, table } from '../dom.js';

const poly = (g, age) => g.coefficients.reduce((s, c, i) => s + c * (age - g.centre) ** i, 0);

export async function show(main) {
  main.append(h('h1', {}, 'Careers: when do riders peak?'));
  const r = await get('/careers');
  const groups = r.groups.filter((g) => g.coefficients);
  main.append(h('p', { class: 'muted' },
    `${r.cohort.athletes} athletes, ${r.cohort.seasons} seasons (${r.cohort.performance}).`));
  if (!groups.length) {
    main.append(h('p', {}, 'No group has enough seasons for a curve.'));
    return;
  }
  const lo = Math.min(...groups.map((g) => g.age_range[0]));
  const hi = Math.max(...groups.map((g) => g.age_range[1]));
  const ages = [];
  for (let a = Math.floor(lo); a <= Math.ceil(hi) + 1e-9; a += 0.25) ages.push(a);
  const el = h('div', { class: 'chart', id: 'careers' });
  main.append(el);
  lineChart(el, {
    title: 'Age curves (shaded: 95% interval of each peak age)', x: ages, xLabel: 'age',
    xValue: (u, v) => (v == null ? '–' : v.toFixed(2)), yLabel: r.cohort.performance,
    series: groups.map((g) => ({ label: `${g.type} ${g.group}`, digits: 2,
      values: ages.map((a) => (a >= g.age_range[0] && a <= g.age_range[1] ? poly(g, a) : null)) })),
    draw: (u) => {
      const { ctx } = u;
      groups.forEach((g, i) => {
        if (!g.ci95 || g.ci95[0] === null) return;
        const x0 = u.valToPos(g.ci95[0], 'x', true);
        const x1 = u.valToPos(g.ci95[1], 'x', true);
        ctx.save();
        ctx.fillStyle = u.series[i + 1].stroke();
        ctx.globalAlpha = 0.12;
        ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
        ctx.restore();
      });
    },
  });
  main.append(table([
    { label: 'Group', cell: (g) => `${g.type} ${g.group}` },
    { label: 'Athletes', num: true, cell: (g) => g.athletes },
    { label: 'Peak age', num: true,
      cell: (g) => fmt(g.peak_age, 1) + (g.peak_interior ? '' : ' (edge of the ages seen)') },
    { label: '95% interval', num: true, cell: (g) => (g.ci95 ? `${fmt(g.ci95[0], 1)}–${fmt(g.ci95[1], 1)}` : '–') },
    { label: 'Degree', num: true, cell: (g) => g.degree },
  ], groups));
}
