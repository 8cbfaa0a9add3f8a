// What the browser tests share: Chromium (Debian's, launched by playwright-core, whose path comes
// from NODE_PATH), the list of failed checks, canvas pixel counts and the login form.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(resolve(process.env.NODE_PATH, 'playwright-core', 'package.json'));
const { chromium } = require('playwright-core');

export const problems = [];
export function check(ok, what) {
  console.log(`${ok ? 'ok' : 'FAILED'}: ${what}`);
  if (!ok) problems.push(what);
}

// A headless Chromium and a page whose errors (a CSP refusal included) fail the test.
export async function open() {
  const browser = await chromium.launch({
    executablePath: process.env.PODIUM_CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.setDefaultTimeout(60000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  // Chromium's console error for a failed request does not name it: this line does.
  page.on('response', (r) => {
    if (r.status() >= 400) console.log(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return { browser, page };
}

// Pixels of the canvas under `selector` within `tol` of colour rgb.
export async function pixelsOf(page, selector, rgb, tol = 40) {
  return page.$eval(selector, (canvas, [c, t]) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 128 && Math.abs(data[i] - c[0]) < t && Math.abs(data[i + 1] - c[1]) < t &&
          Math.abs(data[i + 2] - c[2]) < t) n++;
    }
    return n;
  }, [rgb, tol]);
}

// Opaque pixels with a colour (not the grey of axes and grid): what the series drew.
export async function colouredPixels(page, selector) {
  return page.$eval(selector, (canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const hi = Math.max(data[i], data[i + 1], data[i + 2]);
      const lo = Math.min(data[i], data[i + 1], data[i + 2]);
      if (data[i + 3] > 128 && hi - lo > 60) n++;
    }
    return n;
  });
}

export async function login(page, base, user, password) {
  await page.goto(`${base}/`);
  await page.fill('input[name=name]', user);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:text("Squad")');
}

// Exit 1 with the failed checks, if any.
export function finish(artifacts) {
  if (problems.length) {
    console.log(`FAILED: ${problems.join('; ')}`);
    process.exit(1);
  }
  console.log(`screenshots in ${artifacts}`);
}
