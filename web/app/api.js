// The dashboard's one way to the API: fetch() with the session cookie (HttpOnly, set by login)
// and, on changes, the X-CSRF-Token from the login answer, kept in sessionStorage (per tab, gone
// when the tab closes). Errors come back as the API's {"error": {...}} bodies, thrown as ApiError.

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error.message : `HTTP ${status}`);
    this.status = status;
    this.kind = body && body.error ? body.error.kind : 'http';
  }
}

const KEY = 'podium.session';

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

async function call(method, path, body, type = 'application/json') {
  const headers = { Accept: 'application/json' };
  const s = session();
  if (method !== 'GET' && s) headers['X-CSRF-Token'] = s.csrf_token;
  if (body !== undefined) headers['Content-Type'] = type;
  const json = type === 'application/json';
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : json ? JSON.stringify(body) : body,
  });
  const text = await res.text();
  const answer = text ? JSON.parse(text) : null;
  if (!res.ok) {
    if (res.status === 401 && path !== '/session') sessionStorage.removeItem(KEY);
    throw new ApiError(res.status, answer);
  }
  return answer;
}

export const get = (path) => call('GET', path);

// An activity file (a File from an <input type=file>) for an athlete: the same import as the CLI.
export function uploadActivity(athlete, file) {
  return call('POST', `/athletes/${encodeURIComponent(athlete)}/activities?name=${
    encodeURIComponent(file.name)}`, file, 'application/octet-stream');
}

// A video clip (a File) for an athlete's analysis: params are the query's options (model,
// athletes, start_s, end_s, anonymize). Answers {analysis, job, state} at once; the job runs on.
export function uploadVideo(athlete, file, params = {}) {
  const q = new URLSearchParams({ name: file.name, ...params });
  return call('POST', `/athletes/${encodeURIComponent(athlete)}/videos?${q}`, file,
    'application/octet-stream');
}

export async function login(name, password) {
  const r = await call('POST', '/session', { name, password });
  // The bearer token stays out of storage: the cookie carries the session.
  sessionStorage.setItem(KEY, JSON.stringify({ user: r.user, csrf_token: r.csrf_token }));
  return r.user;
}

export async function logout() {
  try {
    await call('DELETE', '/session');
  } finally {
    sessionStorage.removeItem(KEY);
  }
}
