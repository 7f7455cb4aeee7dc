// Small pieces shared by the pages.
import { Component } from 'react';
import { Link } from 'react-router';
import { formatNumber } from './format.js';

/** An API error as one clear line: what failed and the server's message; never a blank page. */
export function ErrorNotice({ error, what }) {
  if (!error) return null;
  const hint =
    error.status === 0
      ? ' Is `asynq web` still running?'
      : error.code === 'unavailable'
        ? ' The server cannot reach Redis; it keeps retrying.'
        : '';
  return (
    <div className="notice notice-error" role="alert" data-testid="error">
      <span>
        <strong>{what ? `Could not load ${what}` : 'Error'}</strong>
        {error.status ? ` (HTTP ${error.status}${error.code ? `, ${error.code}` : ''})` : ''}: {error.message}
        {hint}
      </span>
    </div>
  );
}

export function Notice({ notice, onClose }) {
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text}</span>
      {onClose ? (
        <button type="button" className="link" onClick={onClose} aria-label="Dismiss">
          ×
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ what }) {
  return <p className="muted" data-testid="loading">Loading {what}…</p>;
}

export function Pager({ page, pageSize, total, onPage, onPageSize }) {
  const pages = Math.max(1, Math.ceil((total ?? 0) / pageSize));
  const first = total ? (page - 1) * pageSize + 1 : 0;
  const last = Math.min(total ?? 0, page * pageSize);
  return (
    <div className="pager" data-testid="pager">
      <span className="muted">
        {formatNumber(first)}–{formatNumber(last)} of {formatNumber(total ?? 0)}
      </span>
      <label>
        Rows{' '}
        <select value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))} aria-label="Rows per page">
          {[10, 20, 50, 100].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)} aria-label="Previous page">
        ‹ Prev
      </button>
      <span>
        {page} / {pages}
      </span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)} aria-label="Next page">
        Next ›
      </button>
    </div>
  );
}

export function StateBadge({ state }) {
  return <span className={`badge badge-${state}`}>{state}</span>;
}

export function QueueLink({ queue, state }) {
  const to = `/queues/${encodeURIComponent(queue)}${state ? `?state=${state}` : ''}`;
  return <Link to={to}>{queue}</Link>;
}

/** Keeps a rendering bug in one page from blanking the whole dashboard. */
export class ErrorBoundary extends Component {
  constructor(props) {
    super(props);
    this.state = { error: null };
  }
  static getDerivedStateFromError(error) {
    return { error };
  }
  render() {
    if (this.state.error) {
      return (
        <div className="notice notice-error" role="alert" data-testid="error">
          <strong>This page failed to render:</strong> {String(this.state.error.message || this.state.error)}{' '}
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
