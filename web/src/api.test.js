import { describe, expect, test, vi } from 'vitest';
import { ApiError, actionsFor, createClient, parseError, routes, taskActionRequest, withQuery } from './api.js';

function memory() {
  const map = new Map();
  return {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => map.set(k, v),
    removeItem: (k) => map.delete(k),
  };
}

function jsonResponse(status, body, statusText = '') {
  return new Response(body === undefined ? '' : JSON.stringify(body), {
    status,
    statusText,
    headers: { 'Content-Type': 'application/json' },
  });
}

function recordingClient(response, extra = {}) {
  const calls = [];
  const fetch = vi.fn(async (url, init) => {
    calls.push({ url, init });
    return typeof response === 'function' ? response() : response.clone();
  });
  const client = createClient({ fetch, storage: memory(), ...extra });
  return { client, calls, fetch };
}

describe('CSRF header', () => {
  test('every mutation sends X-Asynq-Csrf: 1', async () => {
    const { client, calls } = recordingClient(jsonResponse(200, {}));
    await client.post('/api/queues/default:pause');
    await client.del('/api/queues/default', { force: true });
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.headers['X-Asynq-Csrf']).toBe('1');
    expect(calls[1].init.method).toBe('DELETE');
    expect(calls[1].init.headers['X-Asynq-Csrf']).toBe('1');
    expect(calls[1].url).toBe('/api/queues/default?force=true');
  });
  test('reads do not send it', async () => {
    const { client, calls } = recordingClient(jsonResponse(200, { queues: [] }));
    await client.get('/api/queues');
    expect(calls[0].init.method).toBe('GET');
    expect(calls[0].init.headers['X-Asynq-Csrf']).toBeUndefined();
  });
  test('a body is JSON with its content type', async () => {
    const { client, calls } = recordingClient(jsonResponse(200, { done: ['a'], failed: [] }));
    const answer = await client.post('/api/queues/q/pending_tasks:batch_delete', { task_ids: ['a'] });
    expect(answer).toEqual({ done: ['a'], failed: [] });
    expect(calls[0].init.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(calls[0].init.body)).toEqual({ task_ids: ['a'] });
  });
});

describe('authentication', () => {
  test('no Authorization header until credentials are set', async () => {
    const { client, calls } = recordingClient(jsonResponse(200, {}));
    await client.get('/api/config');
    expect(calls[0].init.headers.Authorization).toBeUndefined();
    expect(client.hasCredentials()).toBe(false);
  });
  test('a token is sent as Bearer on every request', async () => {
    const { client, calls } = recordingClient(jsonResponse(200, {}));
    client.setCredentials('token', 's3cret');
    await client.get('/api/queues');
    await client.post('/api/queues/a:resume');
    expect(calls[0].init.headers.Authorization).toBe('Bearer s3cret');
    expect(calls[1].init.headers.Authorization).toBe('Bearer s3cret');
  });
  test('user:password is sent as Basic', async () => {
    const { client, calls } = recordingClient(jsonResponse(200, {}));
    client.setCredentials('basic', 'admin:pä55');
    await client.get('/api/queues');
    const encoded = calls[0].init.headers.Authorization.replace('Basic ', '');
    expect(new TextDecoder().decode(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)))).toBe('admin:pä55');
  });
  test('credentials live in the given storage and can be cleared', async () => {
    const storage = memory();
    const { client, calls } = recordingClient(jsonResponse(200, {}), { storage });
    client.setCredentials('token', 't');
    expect(storage.getItem('asynq.authorization')).toBe('Bearer t');
    client.clearCredentials();
    await client.get('/api/queues');
    expect(calls[0].init.headers.Authorization).toBeUndefined();
  });
  test('a 401 calls the handler and rejects', async () => {
    const onUnauthenticated = vi.fn();
    const { client } = recordingClient(
      jsonResponse(401, { error: { code: 'unauthenticated', message: 'A valid token is required.' } }),
      { onUnauthenticated },
    );
    await expect(client.get('/api/queues')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(onUnauthenticated.mock.calls[0][0]).toBeInstanceOf(ApiError);
  });
});

describe('error parsing', () => {
  test('uses the API error object', async () => {
    const error = await parseError(
      jsonResponse(409, { error: { code: 'failed_precondition', message: 'queue "q" is already paused' } }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(409);
    expect(error.code).toBe('failed_precondition');
    expect(error.message).toBe('queue "q" is already paused');
  });
  test('an HTML error page still yields a message naming the status', async () => {
    const error = await parseError(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(error.message).toBe('HTTP 502 Bad Gateway');
    expect(error.code).toBe('http_error');
  });
  test('plain text is kept', async () => {
    const error = await parseError(new Response('redis is down', { status: 503 }));
    expect(error.message).toBe('redis is down');
    expect(error.code).toBe('unavailable');
  });
  test('an empty body falls back to the status', async () => {
    const error = await parseError(new Response('', { status: 404 }));
    expect(error.message).toBe('HTTP 404');
    expect(error.code).toBe('not_found');
  });
  test('a network failure is an ApiError with status 0', async () => {
    const client = createClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      storage: memory(),
    });
    await expect(client.get('/api/queues')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
  test('a success body that is not JSON is reported', async () => {
    const { client } = recordingClient(new Response('<html></html>', { status: 200 }));
    await expect(client.get('/api/queues')).rejects.toMatchObject({ code: 'bad_response' });
  });
});

describe('routes', () => {
  test('escape path segments', () => {
    expect(routes.queue('a/b c')).toBe('/api/queues/a%2Fb%20c');
    expect(routes.task('q', 'id:1')).toBe('/api/queues/q/tasks/id%3A1');
  });
  test('task lists, groups and actions follow the contract', () => {
    expect(routes.tasks('q', 'pending')).toBe('/api/queues/q/pending_tasks');
    expect(routes.tasks('q', 'aggregating', 'g1')).toBe('/api/queues/q/groups/g1/aggregating_tasks');
    expect(routes.allAction('q', 'archived', 'run')).toBe('/api/queues/q/archived_tasks:run_all');
    expect(routes.allAction('q', 'aggregating', 'delete', 'g')).toBe(
      '/api/queues/q/groups/g/aggregating_tasks:delete_all',
    );
    expect(routes.batchAction('q', 'retry', 'archive')).toBe('/api/queues/q/retry_tasks:batch_archive');
    expect(taskActionRequest('q', 'pending', 't1', 'delete')).toEqual({
      method: 'DELETE',
      path: '/api/queues/q/pending_tasks/t1',
    });
    expect(taskActionRequest('q', 'aggregating', 't1', 'run', 'g 1')).toEqual({
      method: 'POST',
      path: '/api/queues/q/groups/g%201/aggregating_tasks/t1:run',
    });
    expect(routes.batchAction('q', 'aggregating', 'delete', 'g')).toBe(
      '/api/queues/q/groups/g/aggregating_tasks:batch_delete',
    );
    expect(taskActionRequest('q', 'active', 't1', 'cancel')).toEqual({
      method: 'POST',
      path: '/api/queues/q/active_tasks/t1:cancel',
    });
  });
  test('query strings leave out empty values', () => {
    expect(withQuery('/x', { page: 2, type: '', search: undefined })).toBe('/x?page=2');
    expect(withQuery('/x', { search: 'a b&c' })).toBe('/x?search=a+b%26c');
  });
  test('actions per state', () => {
    expect(actionsFor('active')).toEqual(['cancel']);
    expect(actionsFor('pending')).toEqual(['archive', 'delete']);
    expect(actionsFor('archived')).toEqual(['run', 'delete']);
    expect(actionsFor('completed')).toEqual(['delete']);
  });
});
