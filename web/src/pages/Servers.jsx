import { Link } from 'react-router';
import { routes } from '../api.js';
import { ErrorNotice, Loading } from '../components.jsx';
import { formatRelative, formatTime, truncate } from '../format.js';
import { usePoll } from '../hooks.js';

export function ServersPage() {
  const servers = usePoll(routes.servers());
  const list = servers.data?.servers ?? [];
  return (
    <section data-testid="servers-page">
      <h1>Servers</h1>
      <ErrorNotice error={servers.error} what="the servers" />
      {servers.loading && !servers.data ? <Loading what="servers" /> : null}
      {servers.data && list.length === 0 ? (
        <p className="muted" data-testid="no-servers">
          No server is running (a server shows here while it sends heartbeats).
        </p>
      ) : null}
      {list.map((s) => (
        <div className="card" key={s.id} data-server-id={s.id} data-testid="server">
          <h2>
            {s.host}:{s.pid} <span className={`badge badge-${s.status === 'active' ? 'run' : 'paused'}`}>{s.status}</span>
          </h2>
          <dl className="summary">
            <div>
              <dt>ID</dt>
              <dd className="mono small">{s.id}</dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd title={formatTime(s.started)}>{formatRelative(s.started)}</dd>
            </div>
            <div>
              <dt>Busy workers</dt>
              <dd data-testid="busy-workers">
                {(s.active_workers ?? []).length} / {s.concurrency}
              </dd>
            </div>
            <div>
              <dt>Queues {s.strict_priority ? '(strict priority)' : '(weights)'}</dt>
              <dd>
                {Object.entries(s.queues ?? {})
                  .sort((a, b) => b[1] - a[1])
                  .map(([q, p]) => (
                    <span key={q} className="chip">
                      <Link to={`/queues/${encodeURIComponent(q)}`}>{q}</Link>: {p}
                    </span>
                  ))}
              </dd>
            </div>
          </dl>
          {(s.active_workers ?? []).length ? (
            <table className="data compact" data-testid="workers">
              <thead>
                <tr>
                  <th>Task</th>
                  <th>Type</th>
                  <th>Payload</th>
                  <th>Queue</th>
                  <th>Started</th>
                  <th>Deadline</th>
                </tr>
              </thead>
              <tbody>
                {s.active_workers.map((w) => (
                  <tr key={w.task_id} data-task-id={w.task_id}>
                    <td className="mono">
                      <Link to={`/queues/${encodeURIComponent(w.queue)}/tasks/${encodeURIComponent(w.task_id)}`}>
                        {w.task_id}
                      </Link>
                    </td>
                    <td>{w.task_type}</td>
                    <td className="mono">{truncate(w.task_payload, 40)}</td>
                    <td>{w.queue}</td>
                    <td title={formatTime(w.started)}>{formatRelative(w.started)}</td>
                    <td title={formatTime(w.deadline)}>{formatRelative(w.deadline)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">All workers idle.</p>
          )}
        </div>
      ))}
    </section>
  );
}
