// Log in: POST /api/v1/session; the cookie carries the session, the CSRF token stays in the tab.
import { login } from '../api.js';
import { errorBox, h } from '../dom.js';

export function show(main, done) {
  const name = h('input', { name: 'name', autocomplete: 'username', required: true });
  const password = h('input', {
    name: 'password', type: 'password', autocomplete: 'current-password', required: true,
  });
  const status = h('div');
  const form = h('form', { class: 'login' },
    h('label', {}, 'User', name),
    h('label', {}, 'Password', password),
    h('button', { type: 'submit' }, 'Log in'),
    status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    status.replaceChildren();
    try {
      await login(name.value, password.value);
      done();
    } catch (e) {
      status.append(errorBox(e));
    }
  });
  main.append(h('h1', {}, 'Log in'), form);
  name.focus();
}
