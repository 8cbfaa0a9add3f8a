// The dashboard in headless Chromium (Debian's, launched by playwright-core): log in, open the
// squad, an athlete's PMC, import an activity through the page (a cookie session's POST with the
// CSRF token), open its activity page (the MMP chart must be drawn: canvas pixels in the
// MMP series' colour, and a number in uPlot's legend under the cursor), race predictions with
// their SHAP bars, careers and model cards. Any page error or console error (a CSP refusal
// included) fails the test. Screenshots go to ARTIFACT_DIR.
//   node dashboard.mjs BASE_URL USER PASSWORD ARTIFACT_DIR UPLOAD_FILE
//   (PODIUM_CHROMIUM, NODE_PATH set)
import { join } from 'node:path';
import { check, finish, login, open, pixelsOf } from './common.mjs';

const [base, user, password, artifacts, upload] = process.argv.slice(2);
const { browser, page } = await open();
try {
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

  await login(page, base, user, password);
  await page.waitForSelector('a[href="#/athlete/A1"]');
  check(true, 'the squad lists A1');
  await shot('squad');

  await page.click('a[href="#/athlete/A1"]');
  await page.waitForSelector('#pmc canvas');
  check((await pixelsOf(page, '#pmc canvas', [36, 99, 166])) > 50, 'the PMC chart draws CTL');
  const pmcLegend = await page.$$eval('#pmc .u-legend .u-label', (els) => els.map((e) => e.textContent));
  check(pmcLegend.includes('CTL forecast'), `the PMC has a forecast (${pmcLegend.join(', ')})`);
  const before = await page.$$eval('a[href^="#/activity/"]', (els) => els.length);
  await page.setInputFiles('#import input[type=file]', upload);
  await shot('athlete');
  await page.click('#import button');
  // The page opens the new activity: its id is one past the activities listed before.
  await page.waitForSelector(`h1:text("Activity ${before + 1}")`);
  check(!(await page.isVisible('text=already stored')), `the page imported activity ${before + 1}`);
  await page.waitForSelector('#mmp canvas');
  await page.waitForSelector('[data-channel=power_w] canvas');
  const mmpPixels = await pixelsOf(page, '#mmp canvas', [36, 99, 166]);
  check(mmpPixels > 200, `the MMP curve is drawn (${mmpPixels} pixels of its colour)`);
  const fitPixels = await pixelsOf(page, '#mmp canvas', [239, 108, 0]);
  check(fitPixels > 50, `the CP fit is drawn (${fitPixels} pixels of its colour)`);
  const box = await (await page.$('#mmp .u-over')).boundingBox();
  await page.hover('#mmp .u-over', { position: { x: box.width * 0.3, y: box.height * 0.5 } });
  const legend = await page.$$eval('#mmp .u-legend .u-series', (rows) =>
    rows.map((r) => [r.querySelector('.u-label')?.textContent, r.querySelector('.u-value')?.textContent]));
  console.log(`MMP legend under the cursor: ${JSON.stringify(legend)}`);
  const mmpRow = legend.find(([label]) => label === 'MMP');
  check(!!mmpRow && /^\d+$/.test(mmpRow[1]) && Number(mmpRow[1]) > 150,
    'the MMP legend shows watts under the cursor');
  check(!!legend.find(([label]) => label && label.startsWith('CP fit')), 'the legend names the CP fit');
  check((await page.$$('[data-channel] canvas')).length >= 3, 'power, heart rate and speed are drawn');
  check(await page.isVisible('#wbal canvas'), "W'bal is drawn");
  // One cursor: a point on the power chart shows the same second in W'bal's legend.
  const pbox = await (await page.$('[data-channel=power_w] .u-over')).boundingBox();
  await page.hover('[data-channel=power_w] .u-over', { position: { x: pbox.width / 2, y: pbox.height / 2 } });
  const linked = await page.$$eval('#wbal .u-legend .u-value', (els) => els.map((e) => e.textContent));
  check(linked.length === 2 && linked[0] !== '–' && /^-?\d+\.\d$/.test(linked[1]),
    `the cursor is linked across the activity's charts (W'bal legend ${JSON.stringify(linked)})`);
  await shot('activity');

  await page.goto(`${base}/#/predictions?year=2019&race=Classic+C&model=xgboost`);
  await page.waitForSelector('.shap .bar');
  const bars = await page.$$eval('.shap .bar', (els) => els.map((e) => e.getBoundingClientRect().width));
  check(bars.length >= 10 && bars.filter((w) => w > 1).length >= 10,
    `SHAP bars are drawn (${bars.length}, ${bars.filter((w) => w > 1).length} wider than 1 px)`);
  check((await page.$$('.pick')).length === 10, 'the predicted top 10 is listed');
  await shot('predictions');

  await page.goto(`${base}/#/models`);
  await page.waitForSelector('h3:text("xgboost-ndcg-2019")');
  check(true, 'the model card of the trained ranker is shown');
  await shot('models');

  await page.goto(`${base}/#/careers`);
  await page.waitForSelector('#careers canvas, .error');
  check(await page.isVisible('#careers canvas'), 'the careers page draws age curves');
  await shot('careers');
} finally {
  await browser.close();
}
finish(artifacts);
