// The JSON API client (docs/web_api.md is the contract). One place sets the headers every request needs:
// the stored credentials on every request, and `X-Asynq-Csrf: 1` on every mutation (the server refuses a POST or
// DELETE without it, which is what stops a foreign page from acting through a signed-in browser).

/** An error answered by the API (`{"error": {"code", "message"}}`), or a failure to reach it (status 0). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

const kCodeByStatus = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'failed_precondition',
  500: 'internal',
  503: 'unavailable',
};

/**
 * Turns a failed response into an ApiError. The server's JSON error wins; a proxy's HTML page or an empty body
 * still yields a message that names the status, never a blank one.
 */
export async function parseError(response) {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // the body could not be read: the status alone must do
  }
  let code = kCodeByStatus[response.status] ?? 'http_error';
  let message = '';
  if (text) {
    try {
      const body = JSON.parse(text);
      if (body && typeof body.error === 'object' && body.error !== null) {
        code = body.error.code || code;
        message = body.error.message || '';
      } else if (body && typeof body.error === 'string') {
        message = body.error;
      }
    } catch {
      // not JSON: keep a short piece of the text if it is not markup
      if (!text.trimStart().startsWith('<')) message = text.trim().slice(0, 300);
    }
  }
  if (!message) message = `HTTP ${response.status}${response.statusText ? ' ' + response.statusText : ''}`;
  return new ApiError(response.status, code, message);
}

/** Builds `path?k=v&...`, leaving out unset and empty values. */
export function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Path segment escaping for queue names, task ids, group names and entry ids. */
export const seg = (value) => encodeURIComponent(String(value));

const kAuthKey = 'asynq.authorization';

/** The Authorization header value for a token (`Bearer`) or a `user:password` pair (`Basic`). */
export function authorizationFor(kind, secret) {
  if (kind === 'basic') {
    const bytes = new TextEncoder().encode(secret);
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return `Basic ${btoa(binary)}`;
  }
  return `Bearer ${secret}`;
}

function memoryStorage() {
  const map = new Map();
  return {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => map.set(k, String(v)),
    removeItem: (k) => map.delete(k),
  };
}

/**
 * Creates a client. `fetch` and `storage` are injectable for tests; storage defaults to sessionStorage, so a
 * token lives as long as the tab. `onUnauthenticated(error)` is called on each 401 (the app shows its sign-in
 * form); the request still rejects with the error.
 */
export function createClient({ fetch: fetchImpl, storage, base = '', onUnauthenticated } = {}) {
  const doFetch = fetchImpl ?? ((...args) => globalThis.fetch(...args));
  const store =
    storage ?? (typeof sessionStorage !== 'undefined' ? sessionStorage : memoryStorage());
  let unauthenticatedHandler = onUnauthenticated;

  async function request(method, path, { query, body } = {}) {
    const headers = { Accept: 'application/json' };
    const authorization = store.getItem(kAuthKey);
    if (authorization) headers.Authorization = authorization;
    if (method !== 'GET' && method !== 'HEAD') headers['X-Asynq-Csrf'] = '1';
    const init = { method, headers, credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await doFetch(base + withQuery(path, query), init);
    } catch (e) {
      throw new ApiError(0, 'network', `Cannot reach the asynq web server (${e?.message || e}).`);
    }
    if (!response.ok) {
      const error = await parseError(response);
      if (response.status === 401 && unauthenticatedHandler) unauthenticatedHandler(error);
      throw error;
    }
    if (response.status === 204) return {};
    const text = await response.text();
    if (!text) return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError(response.status, 'bad_response', `The server answered ${path} with something that is not JSON.`);
    }
  }

  return {
    get: (path, query) => request('GET', path, { query }),
    post: (path, body) => request('POST', path, { body }),
    del: (path, query) => request('DELETE', path, { query }),
    setCredentials(kind, secret) {
      store.setItem(kAuthKey, authorizationFor(kind, secret));
    },
    clearCredentials() {
      store.removeItem(kAuthKey);
    },
    hasCredentials: () => Boolean(store.getItem(kAuthKey)),
    onUnauthenticated(handler) {
      unauthenticatedHandler = handler;
    },
  };
}

// Route builders: each one is a line of the contract's route table.
export const routes = {
  config: () => '/api/config',
  queues: () => '/api/queues',
  queue: (q) => `/api/queues/${seg(q)}`,
  queueAction: (q, action) => `/api/queues/${seg(q)}:${action}`,
  queueStats: () => '/api/queue_stats',
  groups: (q) => `/api/queues/${seg(q)}/groups`,
  // `group` only for aggregating tasks; the list and all-in-state actions of a group live under groups/{g}.
  tasks: (q, state, group) =>
    state === 'aggregating' && group
      ? `/api/queues/${seg(q)}/groups/${seg(group)}/aggregating_tasks`
      : `/api/queues/${seg(q)}/${state}_tasks`,
  task: (q, id) => `/api/queues/${seg(q)}/tasks/${seg(id)}`,
  taskAction: (q, state, id, action, group) =>
    `${routes.tasks(q, state, group)}/${seg(id)}${action ? `:${action}` : ''}`,
  allAction: (q, state, action, group) => `${routes.tasks(q, state, group)}:${action}_all`,
  batchAction: (q, state, action, group) => `${routes.tasks(q, state, group)}:batch_${action}`,
  servers: () => '/api/servers',
  schedulerEntries: () => '/api/scheduler_entries',
  enqueueEvents: (id) => `/api/scheduler_entries/${seg(id)}/enqueue_events`,
  redisInfo: () => '/api/redis_info',
  events: () => '/api/events',
};

/** Which actions a task in `state` allows, in asynqmon's order. */
export function actionsFor(state) {
  switch (state) {
    case 'active':
      return ['cancel'];
    case 'pending':
      return ['archive', 'delete'];
    case 'aggregating':
    case 'scheduled':
    case 'retry':
      return ['run', 'archive', 'delete'];
    case 'archived':
      return ['run', 'delete'];
    case 'completed':
      return ['delete'];
    default:
      return [];
  }
}

/** The request for one action on one task (an aggregating task's under its group when the group is known). */
export function taskActionRequest(q, state, id, action, group) {
  if (action === 'delete') return { method: 'DELETE', path: routes.taskAction(q, state, id, undefined, group) };
  return { method: 'POST', path: routes.taskAction(q, state, id, action, group) };
}

export const client = createClient();
