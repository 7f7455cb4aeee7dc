import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { ApiError, client, routes } from './api.js';
import { useSettings } from './settings.js';

/** The server's /api/config, and whether it is read-only (then no action buttons are shown). */
export const ConfigContext = createContext({ read_only: false, auth: 'none' });
export const useConfig = () => useContext(ConfigContext);

/**
 * Fetches `path` now and again every poll interval (the Settings page sets it) while the component is shown.
 * Returns {data, error, loading, reload}. A failed poll keeps the last data and shows the error; the next success
 * clears it. `path` null means "do not fetch yet".
 */
export function usePoll(path, query, { intervalMs } = {}) {
  const [settings] = useSettings();
  const every = intervalMs ?? settings.pollMs;
  const key = path === null ? null : path + '?' + JSON.stringify(query ?? {});
  const [state, setState] = useState({ key, data: null, error: null, loading: true });
  const seq = useRef(0);

  const load = useCallback(async () => {
    if (key === null) return;
    const mine = ++seq.current;
    try {
      const data = await client.get(path, query);
      if (mine === seq.current) setState({ key, data, error: null, loading: false });
    } catch (error) {
      if (mine === seq.current) setState((s) => ({ key, data: s.key === key ? s.data : null, error, loading: false }));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    // A new path starts empty (never another queue's data); a new interval keeps what is shown.
    setState((s) => (s.key === key ? s : { key, data: null, error: null, loading: true }));
    if (key === null) return undefined;
    load();
    const timer = setInterval(() => {
      if (!document.hidden) load();
    }, every);
    return () => {
      clearInterval(timer);
      seq.current += 1; // drop answers that arrive after the page moved on
    };
  }, [key, every, load]);

  const current = state.key === key ? state : { data: null, error: null, loading: true };
  return { data: current.data, error: current.error, loading: current.loading, reload: load };
}

/**
 * The queue list, live: from the server-sent `queues` events of /api/events when the browser can open it (no
 * token auth, since EventSource cannot send an Authorization header), else by polling /api/queues. Falls back to
 * polling for good when the stream fails before its first event.
 */
export function useQueues() {
  const config = useConfig();
  const [settings] = useSettings();
  const [mode, setMode] = useState(() =>
    typeof EventSource !== 'undefined' && config.auth !== 'token' ? 'sse' : 'poll',
  );
  const [live, setLive] = useState({ data: null, error: null, loading: true });
  const polled = usePoll(mode === 'poll' ? routes.queues() : null);

  useEffect(() => {
    if (mode !== 'sse') return undefined;
    let gotEvent = false;
    const source = new EventSource(routes.events());
    source.addEventListener('queues', (e) => {
      try {
        const data = JSON.parse(e.data);
        gotEvent = true;
        setLive({ data, error: null, loading: false });
      } catch {
        // a malformed event: wait for the next one
      }
    });
    source.onerror = (e) => {
      // The server's own `error` event (Redis out of reach) carries the API's error body; the stream goes on.
      if (e && typeof e.data === 'string') {
        try {
          const body = JSON.parse(e.data);
          const error = new ApiError(503, body?.error?.code ?? 'unavailable', body?.error?.message ?? e.data);
          setLive((s) => ({ ...s, error, loading: false }));
        } catch {
          // not ours: treat as a connection error below
        }
        if (gotEvent) return;
      }
      if (!gotEvent) {
        source.close();
        setMode('poll');
      }
      // after a first event, EventSource reconnects by itself
    };
    // A stream that stays silent (a proxy buffering it) is no better than none: poll instead.
    const silence = setTimeout(() => {
      if (!gotEvent) {
        source.close();
        setMode('poll');
      }
    }, Math.max(10000, settings.pollMs * 3));
    return () => {
      clearTimeout(silence);
      source.close();
    };
  }, [mode, settings.pollMs]);

  // The first render in SSE mode fetches once, so the table is not empty while the stream connects.
  const initial = usePoll(mode === 'sse' && live.data === null ? routes.queues() : null, undefined, {
    intervalMs: 60000,
  });
  if (mode === 'poll') return { ...polled, live: false };
  const data = live.data ?? initial.data;
  return {
    data,
    error: live.error ?? initial.error,
    loading: data === null,
    reload: initial.reload,
    live: live.data !== null,
  };
}

/** Runs an action, remembering whether it is in flight and its outcome message for the page's notice. */
export function useAction(onDone) {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState(null);
  const run = useCallback(
    async (label, fn) => {
      setBusy(true);
      setNotice(null);
      try {
        const answer = await fn();
        setNotice({ kind: 'ok', text: describeAnswer(label, answer) });
        onDone?.();
        return answer;
      } catch (error) {
        setNotice({ kind: 'error', text: `${label}: ${error.message}`, error });
        return null;
      } finally {
        setBusy(false);
      }
    },
    [onDone],
  );
  return { busy, notice, setNotice, run };
}

function describeAnswer(label, answer) {
  if (answer && typeof answer.count === 'number') return `${label}: ${answer.count} task(s).`;
  if (answer && Array.isArray(answer.done)) {
    const failed = answer.failed ?? [];
    let text = `${label}: ${answer.done.length} done`;
    if (failed.length) text += `, ${failed.length} failed (${failed.map((f) => `${f.id}: ${f.error}`).join('; ')})`;
    return text + '.';
  }
  return `${label}: done.`;
}
