import { useState } from 'react';
import { routes } from '../api.js';
import { ErrorNotice, Loading, Pager } from '../components.jsx';
import { formatRelative, formatTime, truncate } from '../format.js';
import { usePoll } from '../hooks.js';

export function SchedulerPage() {
  const entries = usePoll(routes.schedulerEntries());
  const [open, setOpen] = useState(null);
  const list = entries.data?.entries ?? [];
  return (
    <section data-testid="scheduler-page">
      <h1>Scheduler entries</h1>
      <ErrorNotice error={entries.error} what="the scheduler entries" />
      {entries.loading && !entries.data ? <Loading what="entries" /> : null}
      {entries.data && list.length === 0 ? (
        <p className="muted" data-testid="no-entries">
          No scheduler is running (entries show while a scheduler, e.g. <code>asynq scheduler --config FILE</code>,
          sends heartbeats).
        </p>
      ) : null}
      {list.length ? (
        <div className="table-wrap">
          <table className="data" data-testid="entries-table">
            <thead>
              <tr>
                <th>Spec</th>
                <th>Type</th>
                <th>Payload</th>
                <th>Options</th>
                <th>Next enqueue</th>
                <th>Previous enqueue</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((e) => (
                <tr key={e.id} data-entry-id={e.id} className={open === e.id ? 'selected' : ''}>
                  <td className="mono">{e.spec}</td>
                  <td>{e.task_type}</td>
                  <td className="mono">{truncate(e.task_payload, 40)}</td>
                  <td className="mono small">{(e.options ?? []).join(', ') || '-'}</td>
                  <td title={formatTime(e.next_enqueue)}>{formatRelative(e.next_enqueue)}</td>
                  <td title={formatTime(e.prev_enqueue)}>{formatRelative(e.prev_enqueue)}</td>
                  <td>
                    <button type="button" onClick={() => setOpen(open === e.id ? null : e.id)} data-testid="history-toggle">
                      {open === e.id ? 'Hide history' : 'History'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {open ? <History key={open} entry={list.find((e) => e.id === open)} id={open} /> : null}
    </section>
  );
}

function History({ id, entry }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const events = usePoll(routes.enqueueEvents(id), { page, page_size: pageSize });
  const list = events.data?.events ?? [];
  return (
    <div className="card" data-testid="enqueue-history">
      <h2>
        Enqueue history of {entry ? <code>{entry.spec}</code> : null} {entry?.task_type}
      </h2>
      <ErrorNotice error={events.error} what="the enqueue history" />
      {events.data && list.length === 0 ? <p className="muted">Nothing enqueued yet.</p> : null}
      {list.length ? (
        <table className="data compact">
          <thead>
            <tr>
              <th>Task</th>
              <th>Enqueued</th>
            </tr>
          </thead>
          <tbody>
            {list.map((ev) => (
              <tr key={ev.task_id + ev.enqueued_at}>
                <td className="mono">{ev.task_id}</td>
                <td title={formatTime(ev.enqueued_at)}>
                  {formatTime(ev.enqueued_at)} <span className="muted">({formatRelative(ev.enqueued_at)})</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {events.data && (typeof events.data.total === 'number' || list.length >= pageSize || page > 1) ? (
        <Pager
          page={page}
          pageSize={pageSize}
          total={events.data.total ?? (page - 1) * pageSize + list.length + (list.length >= pageSize ? 1 : 0)}
          onPage={setPage}
          onPageSize={(n) => {
            setPageSize(n);
            setPage(1);
          }}
        />
      ) : null}
    </div>
  );
}
