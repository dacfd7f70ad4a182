// The JSON API under /api/v1. Errors arrive as problem documents (application/problem+json).
// The session cookie is HttpOnly; state-changing requests repeat the session's CSRF token (a
// readable cookie) in X-CSRF-Token. A 401 sends the user to the sign-in page.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** Field errors of a 400: [{field, message}]. */
  get fieldErrors() {
    return this.problem.errors ?? [];
  }
}

const SAFE = new Set(['GET', 'HEAD']);

function csrfToken() {
  const match = document.cookie.split('; ').find((c) => c.startsWith('umbra_csrf='));
  return match ? decodeURIComponent(match.slice('umbra_csrf='.length)) : '';
}

async function request(method, path, body, headers = {}) {
  const init = {method, headers: {Accept: 'application/json', ...headers}, credentials: 'same-origin'};
  if (!SAFE.has(method)) init.headers['X-CSRF-Token'] = csrfToken();
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch (e) {
    throw new ApiError(0, {title: 'The platform cannot be reached', detail: 'The platform cannot be reached; is it running?'});
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') ?? '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (response.status === 401 && path !== '/session') {
    const here = location.hash.slice(1) || '/';
    if (!here.startsWith('/login')) location.hash = `#/login?next=${encodeURIComponent(here)}`;
  }
  if (!response.ok) throw new ApiError(response.status, typeof data === 'object' ? data : {detail: data});
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body, headers) => request('POST', path, body, headers),
  patch: (path, body) => request('PATCH', path, body),
  delete: (path) => request('DELETE', path),
};

/** Builds a query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
