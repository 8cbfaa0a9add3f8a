// The dashboard: a page per hash route (#/athlete/A1, #/activity/7, #/analysis/3, ...), each a module that
// fills <main> from the /api/v1 JSON. Without a session every route shows the login form.
import { ApiError, logout, session } from './api.js';
import { errorBox, h } from './dom.js';
import * as activity from './pages/activity.js';
import * as athlete from './pages/athlete.js';
import * as careers from './pages/careers.js';
import * as loginPage from './pages/login.js';
import * as models from './pages/models.js';
import * as predictions from './pages/predictions.js';
import * as squad from './pages/squad.js';
import * as video from './pages/video.js';

const ROUTES = [
  [/^#?\/?$/, squad],
  [/^#\/athlete\/([^/]+)$/, athlete],
  [/^#\/activity\/(\d+)$/, activity],
  [/^#\/analysis\/([^/]+)$/, video],
  [/^#\/careers$/, careers],
  [/^#\/predictions$/, predictions],
  [/^#\/models$/, models],
];

async function render() {
  const main = document.getElementById('main');
  const s = session();
  document.getElementById('nav').hidden = !s;
  document.getElementById('who').textContent = s ? `${s.user.name} (${s.user.role})` : '';
  main.replaceChildren();
  if (!s) {
    loginPage.show(main, render);
    return;
  }
  const [path, query] = location.hash.split('?');
  for (const [re, page] of ROUTES) {
    const m = path.match(re);
    if (!m) continue;
    try {
      await page.show(main, m.slice(1).map(decodeURIComponent), new URLSearchParams(query || ''));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        render();
        return;
      }
      main.append(errorBox(e));
    }
    return;
  }
  main.append(h('p', {}, 'No such page. ', h('a', { href: '#/' }, 'Back to the squad')));
}

document.getElementById('logout').addEventListener('click', async () => {
  await logout().catch(() => {});
  location.hash = '#/';
  render();
});
window.addEventListener('hashchange', render);
render();
