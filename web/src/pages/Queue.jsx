import { useCallback, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { actionsFor, client, routes, taskActionRequest } from '../api.js';
import { ErrorNotice, Loading, Notice, Pager, StateBadge } from '../components.jsx';
import {
  capitalize,
  formatBytes,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRelative,
  formatTime,
  truncate,
} from '../format.js';
import { useAction, useConfig, usePoll } from '../hooks.js';
import { kStates } from './Dashboard.jsx';

const kActionLabels = { run: 'Run', archive: 'Archive', delete: 'Delete', cancel: 'Cancel' };

export function QueuePage() {
  const { qname } = useParams();
  const [params, setParams] = useSearchParams();
  const state = kStates.includes(params.get('state')) ? params.get('state') : 'active';
  const group = params.get('group') || '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Number(params.get('size')) || 20;
  const type = params.get('type') || '';
  const search = params.get('search') || '';
  const config = useConfig();

  const info = usePoll(routes.queue(qname), { days: 1 });
  const queue = info.data?.current;

  const setParam = useCallback(
    (patch) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === null || v === '') next.delete(k);
        else next.set(k, String(v));
      }
      setParams(next);
    },
    [params, setParams],
  );

  const { busy, notice, setNotice, run } = useAction(info.reload);
  const togglePause = () =>
    queue.paused
      ? run(`Resume ${qname}`, () => client.post(routes.queueAction(qname, 'resume')))
      : run(`Pause ${qname}`, () => client.post(routes.queueAction(qname, 'pause')));

  return (
    <section data-testid="queue-page">
      <p className="crumbs">
        <Link to="/">Queues</Link> / <span>{qname}</span>
      </p>
      <h1>
        Queue <span data-testid="queue-name">{qname}</span>{' '}
        {queue ? (
          <span className={`badge ${queue.paused ? 'badge-paused' : 'badge-run'}`} data-testid="queue-state">
            {queue.paused ? 'paused' : 'run'}
          </span>
        ) : null}{' '}
        {queue && !config.read_only ? (
          <button type="button" disabled={busy} onClick={togglePause} data-testid="pause-toggle">
            {queue.paused ? 'Resume' : 'Pause'}
          </button>
        ) : null}
      </h1>
      <ErrorNotice error={info.error} what={`queue "${qname}"`} />
      <Notice notice={notice} onClose={() => setNotice(null)} />
      {queue ? (
        <dl className="summary" data-testid="queue-summary">
          <div>
            <dt>Size</dt>
            <dd>{formatNumber(queue.size)}</dd>
          </div>
          <div>
            <dt>Processed today</dt>
            <dd>{formatNumber(queue.processed)}</dd>
          </div>
          <div>
            <dt>Failed today</dt>
            <dd>{formatNumber(queue.failed)}</dd>
          </div>
          <div>
            <dt>Error rate</dt>
            <dd>{formatPercent(queue.error_rate)}</dd>
          </div>
          <div>
            <dt>Latency</dt>
            <dd>{formatDuration(queue.latency_ms)}</dd>
          </div>
          <div>
            <dt>Memory</dt>
            <dd>{formatBytes(queue.memory_usage_bytes)}</dd>
          </div>
        </dl>
      ) : info.loading ? (
        <Loading what="the queue" />
      ) : null}
      <div className="tabs" role="tablist">
        {kStates.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === state}
            className={s === state ? 'active' : ''}
            data-testid={`tab-${s}`}
            onClick={() => setParam({ state: s, page: null, group: null })}
          >
            {capitalize(s)} <span className="count">{queue ? formatNumber(queue[s]) : ''}</span>
          </button>
        ))}
      </div>
      {state === 'aggregating' ? (
        <GroupList qname={qname} group={group} onGroup={(g) => setParam({ group: g, page: null })} />
      ) : null}
      {state !== 'aggregating' || group ? (
        <TaskList
          key={`${qname}/${state}/${group}`}
          qname={qname}
          state={state}
          group={group}
          page={page}
          pageSize={pageSize}
          type={type}
          search={search}
          setParam={setParam}
          onChanged={info.reload}
        />
      ) : null}
    </section>
  );
}

function GroupList({ qname, group, onGroup }) {
  const groups = usePoll(routes.groups(qname));
  const list = groups.data?.groups ?? [];
  return (
    <div className="groups" data-testid="groups">
      <ErrorNotice error={groups.error} what="the groups" />
      {groups.data && list.length === 0 ? <p className="muted">No groups have aggregating tasks.</p> : null}
      {list.length ? (
        <table className="data compact">
          <thead>
            <tr>
              <th>Group</th>
              <th className="num">Size</th>
            </tr>
          </thead>
          <tbody>
            {list.map((g) => (
              <tr key={g.group} className={g.group === group ? 'selected' : ''} data-group={g.group}>
                <td>
                  <button type="button" className="link" onClick={() => onGroup(g.group)}>
                    {g.group}
                  </button>
                </td>
                <td className="num">{formatNumber(g.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function Filters({ type, search, setParam }) {
  const [typeText, setTypeText] = useState(type);
  const [searchText, setSearchText] = useState(search);
  useEffect(() => setTypeText(type), [type]);
  useEffect(() => setSearchText(search), [search]);
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        setParam({ type: typeText.trim(), search: searchText.trim(), page: null });
      }}
    >
      <input
        placeholder="Type prefix (email:)"
        value={typeText}
        onChange={(e) => setTypeText(e.target.value)}
        aria-label="Filter by type prefix"
        data-testid="filter-type"
      />
      <input
        placeholder="Search payload or error"
        value={searchText}
        onChange={(e) => setSearchText(e.target.value)}
        aria-label="Search payload and last error"
        data-testid="filter-search"
      />
      <button type="submit">Filter</button>
      {type || search ? (
        <button type="button" className="link" onClick={() => setParam({ type: null, search: null, page: null })}>
          Clear
        </button>
      ) : null}
    </form>
  );
}

function TaskList({ qname, state, group, page, pageSize, type, search, setParam, onChanged }) {
  const config = useConfig();
  const tasks = usePoll(routes.tasks(qname, state, group), { page, page_size: pageSize, type, search });
  const [selected, setSelected] = useState(() => new Set());
  const reloadAll = useCallback(() => {
    tasks.reload();
    onChanged();
  }, [tasks, onChanged]);
  const { busy, notice, setNotice, run } = useAction(reloadAll);
  const list = tasks.data?.tasks ?? [];
  const actions = config.read_only ? [] : actionsFor(state);

  // A selection belongs to one page of one list.
  useEffect(() => setSelected(new Set()), [page, pageSize, type, search]);
  // Drop ids that left the list (run, deleted, or finished).
  useEffect(() => {
    if (!tasks.data) return;
    const ids = new Set(list.map((t) => t.id));
    setSelected((sel) => {
      const kept = [...sel].filter((id) => ids.has(id));
      return kept.length === sel.size ? sel : new Set(kept);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tasks.data]);

  const toggle = (id) =>
    setSelected((sel) => {
      const next = new Set(sel);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allOnPage = list.length > 0 && list.every((t) => selected.has(t.id));
  const toggleAll = () => setSelected(allOnPage ? new Set() : new Set(list.map((t) => t.id)));

  const single = (task, action) => {
    const { method, path } = taskActionRequest(qname, state, task.id, action, group);
    return run(`${kActionLabels[action]} ${task.id}`, () => (method === 'DELETE' ? client.del(path) : client.post(path)));
  };
  const batch = async (action) => {
    const ids = [...selected];
    const answer = await run(`${kActionLabels[action]} ${ids.length} selected`, () =>
      client.post(routes.batchAction(qname, state, action, group), { task_ids: ids }),
    );
    if (answer) setSelected(new Set());
  };
  const all = (action) => {
    const count = tasks.data?.total ?? 0;
    const where = group ? `group "${group}"` : `queue "${qname}"`;
    if (!window.confirm(`${kActionLabels[action]} all ${count} ${state} task(s) in ${where}?`)) return;
    run(`${kActionLabels[action]} all ${state}`, () => client.post(routes.allAction(qname, state, action, group)));
  };

  return (
    <div className="task-list" data-testid="task-list" data-state={state}>
      <Filters type={type} search={search} setParam={setParam} />
      <Notice notice={notice} onClose={() => setNotice(null)} />
      <ErrorNotice error={tasks.error} what={`the ${state} tasks`} />
      {actions.length ? (
        <div className="bulk" data-testid="bulk-bar">
          {selected.size ? (
            <>
              <span data-testid="selected-count">{selected.size} selected</span>
              {actions.map((a) => (
                <button
                  key={a}
                  type="button"
                  className={a === 'delete' ? 'danger' : ''}
                  disabled={busy}
                  onClick={() => batch(a)}
                  data-testid={`batch-${a}`}
                >
                  {kActionLabels[a]} selected
                </button>
              ))}
            </>
          ) : (
            <span className="muted">Select tasks for bulk actions, or act on all of them:</span>
          )}
          <span className="spacer" />
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className={a === 'delete' ? 'danger' : ''}
              disabled={busy || !tasks.data?.total}
              onClick={() => all(a)}
              data-testid={`all-${a}`}
            >
              {kActionLabels[a]} all
            </button>
          ))}
        </div>
      ) : null}
      {tasks.loading && !tasks.data ? <Loading what="tasks" /> : null}
      {tasks.data && list.length === 0 ? (
        <p className="muted" data-testid="no-tasks">
          No {state} tasks{type || search ? ' match the filter' : ''}.
        </p>
      ) : null}
      {tasks.data?.scanned_all === false ? (
        <p className="muted">The filter looked at the first 10,000 tasks only.</p>
      ) : null}
      {list.length ? (
        <div className="table-wrap">
          <table className="data" data-testid="tasks-table">
            <thead>
              <tr>
                {actions.length ? (
                  <th className="check">
                    <input type="checkbox" checked={allOnPage} onChange={toggleAll} aria-label="Select all on this page" data-testid="select-all" />
                  </th>
                ) : null}
                <th>ID</th>
                <th>Type</th>
                <th>Payload</th>
                <StateHeaders state={state} />
                {actions.length ? <th>Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.map((t) => (
                <tr key={t.id} data-task-id={t.id} className={selected.has(t.id) ? 'selected' : ''}>
                  {actions.length ? (
                    <td className="check">
                      <input
                        type="checkbox"
                        checked={selected.has(t.id)}
                        onChange={() => toggle(t.id)}
                        aria-label={`Select ${t.id}`}
                      />
                    </td>
                  ) : null}
                  <td className="mono">
                    <Link to={`/queues/${encodeURIComponent(qname)}/tasks/${encodeURIComponent(t.id)}`}>{t.id}</Link>
                  </td>
                  <td>{t.type}</td>
                  <td className="mono payload" title={t.payload ?? ''}>
                    {t.payload_encoding === 'base64' ? '(binary) ' : ''}
                    {truncate(t.payload, 50)}
                  </td>
                  <StateCells state={state} task={t} />
                  {actions.length ? (
                    <td className="actions">
                      {actions.map((a) => (
                        <button
                          key={a}
                          type="button"
                          className={a === 'delete' ? 'danger' : ''}
                          disabled={busy}
                          onClick={() => single(t, a)}
                          data-action={a}
                        >
                          {kActionLabels[a]}
                        </button>
                      ))}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {tasks.data ? (
        <Pager
          page={page}
          pageSize={pageSize}
          total={tasks.data.total}
          onPage={(p) => setParam({ page: p })}
          onPageSize={(n) => setParam({ size: n, page: null })}
        />
      ) : null}
    </div>
  );
}

function StateHeaders({ state }) {
  switch (state) {
    case 'active':
      return (
        <>
          <th>Deadline</th>
          <th>Status</th>
        </>
      );
    case 'pending':
      return <th className="num">Retried</th>;
    case 'aggregating':
      return <th>Group</th>;
    case 'scheduled':
      return <th>Process at</th>;
    case 'retry':
      return (
        <>
          <th>Next retry</th>
          <th className="num">Retried</th>
          <th>Last error</th>
        </>
      );
    case 'archived':
      return (
        <>
          <th>Last failed</th>
          <th>Last error</th>
        </>
      );
    case 'completed':
      return (
        <>
          <th>Completed</th>
          <th>Result</th>
          <th>Kept for</th>
        </>
      );
    default:
      return null;
  }
}

function StateCells({ state, task: t }) {
  switch (state) {
    case 'active':
      return (
        <>
          <td title={formatTime(t.deadline)}>{formatRelative(t.deadline)}</td>
          <td>{t.is_orphaned ? <span className="badge badge-archived">orphaned</span> : <StateBadge state="active" />}</td>
        </>
      );
    case 'pending':
      return (
        <td className="num">
          {t.retried} / {t.max_retry}
        </td>
      );
    case 'aggregating':
      return <td>{t.group}</td>;
    case 'scheduled':
      return <td title={formatTime(t.next_process_at)}>{formatRelative(t.next_process_at)}</td>;
    case 'retry':
      return (
        <>
          <td title={formatTime(t.next_process_at)}>{formatRelative(t.next_process_at)}</td>
          <td className="num">
            {t.retried} / {t.max_retry}
          </td>
          <td className="error-text" title={t.last_error}>
            {truncate(t.last_error, 40)}
          </td>
        </>
      );
    case 'archived':
      return (
        <>
          <td title={formatTime(t.last_failed_at)}>{formatRelative(t.last_failed_at)}</td>
          <td className="error-text" title={t.last_error}>
            {truncate(t.last_error, 40)}
          </td>
        </>
      );
    case 'completed':
      return (
        <>
          <td title={formatTime(t.completed_at)}>{formatRelative(t.completed_at)}</td>
          <td className="mono">{truncate(t.result, 30)}</td>
          <td>{t.retention_seconds ? formatDuration(t.retention_seconds * 1000) : '-'}</td>
        </>
      );
    default:
      return null;
  }
}
