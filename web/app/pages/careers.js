// Careers: the peak-age study (GET /careers): each group's age curve (a polynomial in centred
// age) inside its pointwise 95% bootstrap band (`curve.lo/hi`, on the group's own age grid), and
// the peak age's 95% interval as a bar through the peak.
import { get } from '../api.js';
import { lineChart } from '../charts.js';
import { fmt, h, table } from '../dom.js';

const poly = (g, age) => g.coefficients.reduce((s, c, i) => s + c * (age - g.centre) ** i, 0);
const hasBand = (g) => Array.isArray(g.curve?.lo) && g.curve.lo.length === g.curve.age.length;

// The y range: the curves whole, the bands as far as half the curves' span beyond them, so a band
// that fans out where few riders are does not flatten every curve.
function yRange(groups) {
  const fits = groups.flatMap((g) => g.curve.fit);
  const lo = Math.min(...fits);
  const hi = Math.max(...fits);
  const room = 0.5 * Math.max(hi - lo, 1e-9);
  const banded = groups.filter(hasBand);
  const bandLo = Math.min(lo, ...banded.flatMap((g) => g.curve.lo.filter(Number.isFinite)));
  const bandHi = Math.max(hi, ...banded.flatMap((g) => g.curve.hi.filter(Number.isFinite)));
  return { min: Math.max(bandLo, lo - room), max: Math.min(bandHi, hi + room) };
}

function drawBand(u, g, color) {
  const { ctx } = u;
  const { age, lo, hi } = g.curve;
  ctx.beginPath();
  age.forEach((a, i) => ctx.lineTo(u.valToPos(a, 'x', true), u.valToPos(hi[i], 'y', true)));
  for (let i = age.length - 1; i >= 0; i--)
    ctx.lineTo(u.valToPos(age[i], 'x', true), u.valToPos(lo[i], 'y', true));
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.globalAlpha = 0.15;
  ctx.fill();
}

function drawPeakInterval(u, g, color) {
  if (!g.ci95 || g.ci95[0] === null) return;
  const { ctx } = u;
  const y = u.valToPos(g.peak_value, 'y', true);
  const x0 = u.valToPos(g.ci95[0], 'x', true);
  const x1 = u.valToPos(g.ci95[1], 'x', true);
  const tick = 4 * devicePixelRatio;
  ctx.globalAlpha = 1;
  ctx.strokeStyle = color;
  ctx.lineWidth = 2 * devicePixelRatio;
  ctx.beginPath();
  ctx.moveTo(x0, y);
  ctx.lineTo(x1, y);
  ctx.moveTo(x0, y - tick);
  ctx.lineTo(x0, y + tick);
  ctx.moveTo(x1, y - tick);
  ctx.lineTo(x1, y + tick);
  ctx.stroke();
  ctx.beginPath();
  ctx.arc(u.valToPos(g.peak_age, 'x', true), y, tick, 0, 2 * Math.PI);
  ctx.fillStyle = g.peak_interior ? color : '#fff';
  ctx.fill();
  ctx.stroke();
}

export async function show(main) {
  main.append(h('h1', {}, 'Careers: when do riders peak?'));
  const r = await get('/careers');
  const groups = r.groups.filter((g) => g.coefficients && g.curve);
  main.append(h('p', { class: 'muted' },
    `${r.cohort.athletes} athletes, ${r.cohort.seasons} seasons (${r.cohort.performance}).`));
  if (!groups.length) {
    main.append(h('p', {}, 'No group has enough seasons for a curve.'));
    return;
  }
  const lo = Math.min(...groups.map((g) => g.age_range[0]));
  const hi = Math.max(...groups.map((g) => g.age_range[1]));
  // A quarter-year grid plus each curve's own ages, so every line runs to the ends of its band.
  const grid = groups.flatMap((g) => g.curve.age);
  for (let a = Math.floor(lo); a <= Math.ceil(hi) + 1e-9; a += 0.25) grid.push(a);
  const ages = [...new Set(grid)].sort((x, y) => x - y);
  const el = h('div', { class: 'chart', id: 'careers' });
  main.append(el);
  const plot = lineChart(el, {
    title: 'Age curves: shaded, the pointwise 95% band; bar, the peak age\'s 95% interval',
    x: ages, xLabel: 'age',
    xValue: (u, v) => (v == null ? '–' : v.toFixed(2)), yLabel: r.cohort.performance,
    series: groups.map((g) => ({ label: `${g.type} ${g.group}`, digits: 2,
      values: ages.map((a) => (a >= g.age_range[0] && a <= g.age_range[1] ? poly(g, a) : null)) })),
    draw: (u) => {
      const { ctx } = u;
      ctx.save();
      ctx.beginPath();
      ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
      ctx.clip();
      groups.forEach((g, i) => {
        if (!u.series[i + 1].show) return;
        const color = u.series[i + 1].stroke();
        if (hasBand(g)) drawBand(u, g, color);
        drawPeakInterval(u, g, color);
      });
      ctx.restore();
    },
  });
  plot.setScale('y', yRange(groups));
  main.append(table([
    { label: 'Group', cell: (g) => `${g.type} ${g.group}` },
    { label: 'Athletes', num: true, cell: (g) => g.athletes },
    { label: 'Peak age', num: true,
      cell: (g) => fmt(g.peak_age, 1) + (g.peak_interior ? '' : ' (edge of the ages seen)') },
    { label: '95% interval', num: true, cell: (g) => (g.ci95 ? `${fmt(g.ci95[0], 1)}–${fmt(g.ci95[1], 1)}` : '–') },
    { label: 'Degree', num: true, cell: (g) => g.degree },
  ], groups));
}
