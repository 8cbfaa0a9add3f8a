// Video analyses. On the athlete page: a form that uploads a clip (POST /athletes/{id}/videos,
// a background job) and follows its job, and the athlete's analyses. The page #/analysis/{id}:
// the overlay video (skeletons and track ids drawn by the server, faces blurred, H.264 so that
// Chromium plays it), the tracks, the repetitions counted, and the chosen track's joint angles
// on a chart whose cursor follows the video (each repetition shaded); a click on the chart seeks
// the video there.
import { get, uploadVideo } from '../api.js';
import { lineChart } from '../charts.js';
import { errorBox, fmt, h, table } from '../dom.js';

const POLL_MS = 500;
const FINISHED = new Set(['done', 'failed', 'cancelled']);
const MODELS = ['movenet-lightning', 'movenet-thunder', 'movenet-multipose', 'blazepose'];
// The angles drawn until the user picks others: what a coach looks at first in running and
// cycling.
const DEFAULT_ANGLE = /(knee|hip)_flexion$/;

const utc = (s) => (s ? new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ') : '–');

// A job's state and progress bar, polled every POLL_MS until the job ends or the element leaves
// the page (another route); onEnd(job) is called once when it ends. A failed job shows its
// message. The element's data-state is the job's state (the browser test waits on it).
export function jobStatus(job, onEnd) {
  const bar = h('progress', { max: 1, value: job.progress || 0 });
  const label = h('span', { class: 'state' });
  const message = h('span', { class: 'error', role: 'alert', hidden: true });
  const el = h('span', { class: 'job', 'data-job': job.id }, label, bar, message);
  const paint = (j) => {
    el.dataset.state = j.state;
    bar.value = j.progress || 0;
    bar.hidden = FINISHED.has(j.state);
    label.textContent = j.state === 'running' ? `running ${fmt(100 * (j.progress || 0))}%` : j.state;
    message.hidden = !(j.state === 'failed' && j.message);
    message.textContent = j.state === 'failed' ? j.message : '';
  };
  paint(job);
  const poll = async () => {
    if (!el.isConnected) return;
    let j;
    try {
      j = await get(`/jobs/${encodeURIComponent(job.id)}`);
    } catch (e) {
      message.hidden = false;
      message.textContent = e.message;
      return;
    }
    paint(j);
    if (FINISHED.has(j.state)) {
      if (onEnd) onEnd(j);
    } else {
      setTimeout(poll, POLL_MS);
    }
  };
  if (!FINISHED.has(job.state)) setTimeout(poll, POLL_MS);
  return el;
}

// The athlete page's part: the upload form and the list of analyses (refreshed when a job ends).
export function analysesSection(athlete) {
  const list = h('div', { id: 'analyses' });
  const refresh = async () => {
    try {
      const { analyses } = await get(`/athletes/${encodeURIComponent(athlete)}/analyses`);
      list.replaceChildren(analysesTable(analyses));
    } catch (e) {
      list.replaceChildren(errorBox(e));
    }
  };
  refresh();
  return h('section', {}, h('h2', {}, 'Video analyses'), analyseForm(athlete, refresh), list);
}

function analysesTable(analyses) {
  if (!analyses.length) return h('p', { class: 'muted' }, 'No video analyses.');
  const rows = analyses.slice().sort((a, b) => b.created_at_utc_s - a.created_at_utc_s);
  return table([
    { label: 'Id', cell: (a) => h('a', { href: `#/analysis/${encodeURIComponent(a.id)}` }, a.id) },
    { label: 'Clip', cell: (a) => a.source_name },
    { label: 'Created (UTC)', cell: (a) => utc(a.created_at_utc_s) },
    { label: 'State', cell: (a) => (a.job ? jobStatus(a.job) : '–') },
  ], rows);
}

function analyseForm(athlete, onChange) {
  const file = h('input', { type: 'file', name: 'clip', required: true,
    accept: 'video/*,.mp4,.mov,.avi,.mkv,.webm' });
  const model = h('select', { name: 'model' }, MODELS.map((m) => h('option', { value: m }, m)));
  const athletes = h('select', { name: 'athletes' },
    h('option', { value: '1' }, 'the main one'), h('option', { value: 'all' }, 'everyone'));
  const start = h('input', { type: 'number', name: 'start_s', min: 0, step: 'any', size: 5 });
  const end = h('input', { type: 'number', name: 'end_s', min: 0, step: 'any', size: 5 });
  const anonymize = h('input', { type: 'checkbox', name: 'anonymize', checked: true });
  const button = h('button', { type: 'submit' }, 'Analyse');
  const status = h('div', { class: 'job-status', role: 'status' });
  const form = h('form', { class: 'inline', id: 'analyse' },
    h('label', {}, 'Analyse a clip (MP4, MOV, AVI, ...)', file),
    h('label', {}, 'Pose model', model),
    h('label', {}, 'Athletes', athletes),
    h('label', {}, 'From (s)', start),
    h('label', {}, 'To (s)', end),
    h('label', { class: 'check' }, h('span', {}, 'Blur faces'), anonymize),
    button, status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const params = { model: model.value, athletes: athletes.value, anonymize: anonymize.checked ? 1 : 0 };
    if (start.value !== '') params.start_s = start.value;
    if (end.value !== '') params.end_s = end.value;
    button.disabled = true;
    status.textContent = 'uploading…';
    let r;
    try {
      r = await uploadVideo(athlete, file.files[0], params);
    } catch (e) {
      status.replaceChildren(errorBox(e));
      return;
    } finally {
      button.disabled = false;
    }
    const href = `#/analysis/${encodeURIComponent(r.analysis)}`;
    status.replaceChildren(`Analysis ${r.analysis}: `,
      jobStatus({ id: r.job, state: r.state, progress: 0 }, (job) => {
        if (job.state === 'done') status.append(' ', h('a', { href, class: 'open' }, 'Open the analysis'));
        onChange();
      }));
    onChange();
  });
  return form;
}

export async function show(main, [id]) {
  const enc = encodeURIComponent(id);
  const a = await get(`/analyses/${enc}`);
  main.append(h('h1', {}, `Video analysis ${id}`),
    h('p', { class: 'muted' }, h('a', { href: `#/athlete/${encodeURIComponent(a.athlete)}` }, a.athlete),
      ` · ${a.source_name} · ${utc(a.created_at_utc_s)} UTC`));
  if (!a.job || a.job.state !== 'done' || !a.summary) {
    // Not ready: follow the job and show the page again once it is done.
    main.append(h('p', {}, a.job ? jobStatus(a.job, (job) => {
      if (job.state === 'done' && location.hash === `#/analysis/${id}`) {
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      }
    }) : 'No job.'));
    return;
  }
  const angles = await get(`/analyses/${enc}/angles`);
  const summary = a.summary;
  // The overlay starts at the first analysed frame; the angles' times are the clip's.
  const offset = (summary.video && summary.video.first_time_s) || 0;
  const video = h('video', { id: 'overlay', controls: true, muted: true, preload: 'auto',
    playsinline: true, src: `/api/v1/analyses/${enc}/video` });
  video.muted = true;  // the attribute only sets defaultMuted
  main.append(h('div', { class: 'player' }, video));
  const p = summary.parameters || {};
  main.append(h('p', { class: 'muted' }, [p.model && `model ${p.model}`,
    summary.video && `${summary.video.width}×${summary.video.height} at ${fmt(summary.video.fps, 1)} fps`,
    summary.video && `${summary.video.frames} frames`].filter(Boolean).join(' · ')));

  const tracks = summary.tracks || [];
  main.append(h('h2', {}, 'Tracks'));
  if (!tracks.length) {
    main.append(h('p', { class: 'muted' }, 'No athlete was tracked in this clip.'));
    return;
  }
  const columns = [
    { label: 'Track', cell: (t) => t.id },
    { label: 'Frames seen', num: true, cell: (t) => `${t.observed_frames} of ${t.frames}` },
    { label: 'From (s)', num: true, cell: (t) => fmt(t.first_time_s, 1) },
    { label: 'Duration (s)', num: true, cell: (t) => fmt(t.duration_s, 1) },
    { label: 'Facing', cell: (t) => t.facing || '–' },
    { label: 'Cadence (/min)', num: true, cell: (t) => (t.cadence ? fmt(t.cadence.cycles_per_minute, 0) : '–') },
  ];
  if (tracks.some((t) => t.team !== undefined)) columns.push({ label: 'Team', cell: (t) => t.team ?? '–' });
  const tracksTable = table(columns, tracks);
  tracksTable.id = 'tracks';
  main.append(tracksTable);

  // The server counts the repetitions of the most-observed track (its id is in the count when
  // the count knows it).
  const reps = a.reps ? { ...a.reps } : null;
  if (reps) {
    if (reps.track_id === undefined) {
      reps.track_id = tracks.reduce((b, t) => (t.observed_frames > b.observed_frames ? t : b)).id;
    }
    main.append(h('p', { id: 'reps' }, reps.count > 0
      ? `${reps.count} repetition${reps.count === 1 ? '' : 's'} by track ${reps.track_id}` +
        (reps.period_s ? `, one every ${fmt(reps.period_s, 2)} s` : '') +
        ` (periodicity ${fmt(reps.periodicity, 2)}; shaded on that track's chart)`
      : 'No repetitions found.'));
  }

  main.append(h('h2', {}, 'Joint angles'));
  const series = angles.tracks || [];
  if (!series.length) {
    main.append(h('p', { class: 'muted' }, 'No angles.'));
    return;
  }
  const trackSel = h('select', { name: 'track' }, series.map((s) => h('option', { value: s.id }, `track ${s.id}`)));
  const picks = h('div', { class: 'angle-picks' });
  const chartEl = h('div', { class: 'chart', id: 'angles' });
  main.append(h('div', { class: 'inline' }, h('label', {}, 'Track', trackSel), picks), chartEl,
    h('p', { class: 'muted' }, 'The cursor follows the video; a click on the chart seeks the video there.'));
  const chart = angleChart(chartEl, video, offset, reps);
  const choose = () => {
    const s = series.find((t) => String(t.id) === trackSel.value);
    const names = Object.keys(s.angles).sort();
    let chosen = names.filter((n) => DEFAULT_ANGLE.test(n));
    if (!chosen.length) chosen = names.slice(0, 2);
    picks.replaceChildren(...names.map((n) => {
      const box = h('input', { type: 'checkbox', value: n, checked: chosen.includes(n) });
      box.addEventListener('change', () => chart.draw(s, [...picks.querySelectorAll('input:checked')].map((b) => b.value)));
      return h('label', { class: 'check' }, box, h('span', {}, n.replaceAll('_', ' ')));
    }));
    chart.draw(s, chosen);
  };
  trackSel.addEventListener('change', choose);
  for (const row of tracksTable.tBodies[0].rows) {
    row.addEventListener('click', () => {
      const tid = row.cells[0].textContent;
      if (series.some((s) => String(s.id) === tid)) {
        trackSel.value = tid;
        choose();
      }
    });
  }
  choose();
}

// The chart of one track's angles, redrawn on each choice, and its link to the video: the
// cursor sits at the video's time (checked every animation frame, so it moves while playing;
// a paused video leaves the cursor to the mouse), and a click seeks the video. The counted
// repetitions, when they are this track's, are shaded (every other one darker, so that
// neighbours part).
function angleChart(el, video, offset, reps) {
  let plot = null;
  let shown = NaN;  // the video time the cursor was last put at
  const follow = () => {
    if (!plot) return;
    const t = video.currentTime + offset;
    if (t === shown) return;
    shown = t;
    const width = plot.over.clientWidth;
    const left = Math.min(width, Math.max(0, plot.valToPos(t, 'x')));
    plot.setCursor({ left, top: plot.over.clientHeight / 2 });
  };
  const loop = () => {
    if (!video.isConnected) return;
    follow();
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  video.addEventListener('seeked', () => {
    shown = NaN;
    follow();
  });
  return {
    draw(track, names) {
      if (plot) plot.destroy();
      el.replaceChildren();
      plot = lineChart(el, {
        title: `Track ${track.id}: joint angles (degrees)`, x: track.time_s, xLabel: 'time (s)',
        xValue: (u, v) => (v === null || v === undefined ? '–' : `${v.toFixed(2)} s`),
        yLabel: 'deg', height: 280,
        series: names.map((n) => ({ label: n.replaceAll('_', ' '), values: track.angles[n], digits: 0 })),
        draw: reps && reps.count > 0 && reps.track_id === track.id
          ? (u) => shadeReps(u, reps.reps) : undefined,
      });
      plot.over.addEventListener('click', () => {
        const left = plot.cursor.left;
        if (left === null || left === undefined || left < 0) return;
        const t = plot.posToVal(left, 'x') - offset;
        video.currentTime = Math.max(0, Number.isFinite(video.duration) ? Math.min(video.duration, t) : t);
      });
      shown = NaN;
      follow();
    },
  };
}

function shadeReps(u, reps) {
  const { ctx } = u;
  ctx.save();
  reps.forEach((r, i) => {
    if (typeof r.start_s !== 'number' || typeof r.end_s !== 'number') return;
    const x0 = u.valToPos(r.start_s, 'x', true);
    const x1 = u.valToPos(r.end_s, 'x', true);
    ctx.fillStyle = i % 2 ? 'rgba(239,108,0,0.08)' : 'rgba(239,108,0,0.16)';
    ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
  });
  ctx.restore();
}
