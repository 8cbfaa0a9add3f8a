// The video page in headless Chromium: log in, upload a clip through the athlete page's form
// (the first END_S seconds: a short job), wait for its job (bounded; a failed job fails the test
// with the job's message), open the analysis and check that the tracks table has a row, the
// angle chart is drawn, the overlay video plays in Chromium (readyState >= 2, a frame size,
// time moves), seeking the video moves the chart's cursor (the legend's time changes) and a
// click on the chart seeks the video. Any page or console error fails the test. video.png goes
// to ARTIFACT_DIR.
//   node video.mjs BASE_URL USER PASSWORD ARTIFACT_DIR CLIP END_S
//   (PODIUM_CHROMIUM, NODE_PATH set)
import { join } from 'node:path';
import { check, colouredPixels, finish, login, open } from './common.mjs';

const JOB_TIMEOUT_MS = 120000;
const [base, user, password, artifacts, clip, endS] = process.argv.slice(2);
const { browser, page } = await open();
const legendTime = () => page.$eval('#angles .u-legend .u-series:first-child .u-value',
  (e) => e.textContent);
try {
  await login(page, base, user, password);
  await page.click('a[href="#/athlete/A1"]');
  await page.waitForSelector('#analyse');
  await page.setInputFiles('#analyse input[type=file]', clip);
  await page.fill('#analyse input[name=end_s]', endS);
  const t0 = Date.now();
  await page.click('#analyse button[type=submit]');
  await page.waitForSelector('#analyse .job');
  const state = await page.waitForFunction(() => {
    const s = document.querySelector('#analyse .job')?.dataset.state;
    return ['done', 'failed', 'cancelled'].includes(s) && s;
  }, null, { timeout: JOB_TIMEOUT_MS, polling: 250 }).then((h) => h.jsonValue(), () => 'timeout');
  const message = await page.$eval('#analyse .job', (e) => e.querySelector('.error')?.textContent || '');
  check(state === 'done', `the job finished in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${state}` +
    (message ? ` (${message})` : ''));
  if (state !== 'done') throw new Error(`the video job did not finish: ${state} ${message}`);
  await page.waitForSelector('#analyses .job[data-state=done]');
  check(true, 'the analyses list shows the analysis done');

  await page.click('#analyse a.open');
  await page.waitForSelector('#tracks');
  const rows = await page.$$eval('#tracks tbody tr', (trs) => trs.length);
  check(rows >= 1, `the tracks table has ${rows} rows`);
  console.log(`repetitions: ${await page.$eval('#reps', (e) => e.textContent).catch(() => 'none counted')}`);
  await page.waitForSelector('#angles canvas');
  const drawn = await colouredPixels(page, '#angles canvas');
  check(drawn > 100, `the angle chart is drawn (${drawn} coloured pixels)`);
  const labels = await page.$$eval('#angles .u-legend .u-label', (els) => els.map((e) => e.textContent));
  check(labels.some((l) => /knee|hip/.test(l)), `knees and hips are drawn by default (${labels.join(', ')})`);

  const ready = await page.waitForFunction(() => {
    const v = document.querySelector('video#overlay');
    return v.readyState >= 2 || v.error;
  }, null, { timeout: 20000 }).then(() => page.$eval('video#overlay', (v) => ({
    readyState: v.readyState, width: v.videoWidth, height: v.videoHeight, duration: v.duration,
    error: v.error && v.error.message })), (e) => ({ error: e.message }));
  check(ready.readyState >= 2 && ready.width > 0, `the overlay video loads in Chromium (${JSON.stringify(ready)})`);
  const played = await page.evaluate(async () => {
    const v = document.querySelector('video#overlay');
    await v.play();
    await new Promise((r) => setTimeout(r, 700));
    v.pause();
    return v.currentTime;
  }).catch((e) => `play(): ${e.message}`);
  check(typeof played === 'number' && played > 0.1, `the video plays (${played} s after 0.7 s)`);

  const seekTo = async (t) => {
    await page.evaluate((s) => new Promise((r) => {
      const v = document.querySelector('video#overlay');
      v.addEventListener('seeked', r, { once: true });
      v.currentTime = s;
    }), t);
  };
  await seekTo(0);
  await page.waitForTimeout(100);
  const before = await legendTime();
  await seekTo(ready.duration * 0.8);
  await page.waitForFunction((b) => document.querySelector(
    '#angles .u-legend .u-series:first-child .u-value').textContent !== b, before, { timeout: 5000 })
    .catch(() => {});
  const after = await legendTime();
  check(before !== after, `seeking the video moves the chart's cursor (legend ${before} -> ${after})`);

  // A click seeks the video to the time under the mouse: the clip starts at 0 s, so the video's
  // time is the legend's.
  const box = await (await page.$('#angles .u-over')).boundingBox();
  const clicked = [];
  for (const f of [0.25, 0.75]) {
    await page.click('#angles .u-over', { position: { x: box.width * f, y: box.height / 2 } });
    await page.waitForTimeout(200);
    clicked.push([parseFloat(await legendTime()), await page.$eval('video#overlay', (v) => v.currentTime)]);
  }
  check(clicked[1][1] > clicked[0][1] && clicked.every(([l, v]) => Math.abs(l - v) < 0.2),
    `a click on the chart seeks the video (legend, video time: ${JSON.stringify(clicked)})`);
  await seekTo(ready.duration * 0.5);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(artifacts, 'video.png'), fullPage: true });
} finally {
  await browser.close();
}
finish(artifacts);
