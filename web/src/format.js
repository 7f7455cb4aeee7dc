// Formatting helpers: pure functions of their arguments (and of `now`, passed in), so tests pin them down.

export function formatNumber(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '-';
  return Number(n).toLocaleString('en-US');
}

/** Bytes as B, kB, MB, GB (powers of 1024, as Redis's *_human figures), one decimal above kB. */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return '-';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Number(bytes);
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${value} B`;
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** error_rate is a fraction or null (nothing processed today). */
export function formatPercent(fraction) {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return '-';
  const pct = fraction * 100;
  if (pct === 0) return '0%';
  if (pct < 0.01) return '<0.01%';
  return `${pct.toFixed(pct < 10 ? 2 : 1)}%`;
}

/** A duration in milliseconds, short: 850ms, 12.3s, 5m 3s, 2h 5m, 3d 4h. */
export function formatDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '-';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${Math.round(rest)}ms`;
  if (rest < 60_000) return `${sign}${(rest / 1000).toFixed(rest < 10_000 ? 2 : 1)}s`;
  rest = Math.round(rest / 1000);
  const d = Math.floor(rest / 86400);
  const h = Math.floor((rest % 86400) / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  if (d > 0) return `${sign}${d}d ${h}h`;
  if (h > 0) return `${sign}${h}h ${m}m`;
  return `${sign}${m}m ${s}s`;
}

/** "3m ago" / "in 2h 5m" for an RFC 3339 instant relative to `now` (ms since epoch); '-' for null. */
export function formatRelative(iso, now = Date.now()) {
  if (!iso) return '-';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return String(iso);
  const diff = t - now;
  if (Math.abs(diff) < 1000) return 'now';
  const text = formatDuration(Math.abs(diff) >= 60_000 ? Math.round(Math.abs(diff) / 1000) * 1000 : Math.abs(diff));
  return diff > 0 ? `in ${text}` : `${text} ago`;
}

/** An RFC 3339 instant as "2026-11-25 10:42:40 UTC"; '-' for null. */
export function formatTime(iso) {
  if (!iso) return '-';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return String(iso);
  return t.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC');
}

/**
 * A payload or result for display: JSON is pretty-printed, base64 bytes (`encoding: "base64"`) are labelled,
 * absent values say so.
 */
export function formatPayload(value, encoding) {
  if (value === null || value === undefined) return { text: '(none)', kind: 'none' };
  if (encoding === 'base64') return { text: value, kind: 'base64' };
  if (value === '') return { text: '(empty)', kind: 'empty' };
  try {
    const parsed = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null) return { text: JSON.stringify(parsed, null, 2), kind: 'json' };
  } catch {
    // plain text
  }
  return { text: String(value), kind: 'text' };
}

/** One line of a payload for tables, at most `max` characters. */
export function truncate(text, max = 60) {
  if (text === null || text === undefined) return '';
  const s = String(text).replace(/\s+/g, ' ');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function capitalize(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
