// Settings kept in localStorage (they outlive the tab; the token does not, see api.js).
import { useCallback, useSyncExternalStore } from 'react';

export const kPollIntervals = [1000, 2000, 5000, 10000, 30000, 60000];
const kDefaults = { dark: false, pollMs: 5000 };
const listeners = new Set();

function read() {
  try {
    const dark = localStorage.getItem('asynq.dark');
    const poll = Number(localStorage.getItem('asynq.pollMs'));
    return {
      dark: dark === null ? kDefaults.dark : dark === '1',
      pollMs: kPollIntervals.includes(poll) ? poll : kDefaults.pollMs,
    };
  } catch {
    return kDefaults;
  }
}

let current = read();

export function applyTheme(dark) {
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function updateSettings(patch) {
  current = { ...current, ...patch };
  try {
    localStorage.setItem('asynq.dark', current.dark ? '1' : '0');
    localStorage.setItem('asynq.pollMs', String(current.pollMs));
  } catch {
    // private mode: settings last for this page only
  }
  applyTheme(current.dark);
  for (const l of listeners) l();
}

function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSettings() {
  const settings = useSyncExternalStore(subscribe, () => current);
  const update = useCallback((patch) => updateSettings(patch), []);
  return [settings, update];
}
