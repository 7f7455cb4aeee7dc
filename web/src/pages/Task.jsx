import { Link, useNavigate, useParams } from 'react-router';
import { actionsFor, client, routes, taskActionRequest } from '../api.js';
import { ErrorNotice, Loading, Notice, StateBadge } from '../components.jsx';
import { formatDuration, formatPayload, formatRelative, formatTime } from '../format.js';
import { useAction, useConfig, usePoll } from '../hooks.js';

const kActionLabels = { run: 'Run', archive: 'Archive', delete: 'Delete', cancel: 'Cancel' };

export function TaskPage() {
  const { qname, taskId } = useParams();
  const config = useConfig();
  const navigate = useNavigate();
  const task = usePoll(routes.task(qname, taskId));
  const { busy, notice, setNotice, run } = useAction(task.reload);
  const t = task.data;
  const queueLink = `/queues/${encodeURIComponent(qname)}`;

  const act = async (action) => {
    const { method, path } = taskActionRequest(qname, t.state, t.id, action, t.group || undefined);
    const answer = await run(`${kActionLabels[action]} ${t.id}`, () =>
      method === 'DELETE' ? client.del(path) : client.post(path),
    );
    if (answer && action === 'delete') navigate(`${queueLink}?state=${t.state}`);
  };

  const gone = task.error?.status === 404;
  return (
    <section data-testid="task-page">
      <p className="crumbs">
        <Link to="/">Queues</Link> / <Link to={queueLink}>{qname}</Link>
        {t ? (
          <>
            {' '}
            / <Link to={`${queueLink}?state=${t.state}`}>{t.state}</Link>
          </>
        ) : null}{' '}
        / <span className="mono">{taskId}</span>
      </p>
      <h1>
        Task <span className="mono">{taskId}</span> {t ? <StateBadge state={t.state} /> : null}
      </h1>
      {gone ? (
        <div className="notice notice-error" role="alert" data-testid="error">
          Task {taskId} is not in queue "{qname}" any more: it may have been processed, deleted or expired.{' '}
          <Link to={queueLink}>Back to the queue</Link>
        </div>
      ) : (
        <ErrorNotice error={task.error} what="the task" />
      )}
      <Notice notice={notice} onClose={() => setNotice(null)} />
      {task.loading && !t ? <Loading what="the task" /> : null}
      {t ? (
        <>
          {!config.read_only && actionsFor(t.state).length ? (
            <div className="bulk">
              {actionsFor(t.state).map((a) => (
                <button
                  key={a}
                  type="button"
                  className={a === 'delete' ? 'danger' : ''}
                  disabled={busy}
                  onClick={() => act(a)}
                  data-action={a}
                >
                  {kActionLabels[a]}
                </button>
              ))}
            </div>
          ) : null}
          <div className="detail-grid">
            <div className="card">
              <h2>Task</h2>
              <dl className="fields" data-testid="task-fields">
                <dt>ID</dt>
                <dd className="mono">{t.id}</dd>
                <dt>Type</dt>
                <dd data-testid="task-type">{t.type}</dd>
                <dt>Queue</dt>
                <dd>
                  <Link to={queueLink}>{t.queue}</Link>
                </dd>
                <dt>State</dt>
                <dd>
                  <StateBadge state={t.state} />
                  {t.is_orphaned ? ' (orphaned: its worker stopped sending heartbeats)' : ''}
                </dd>
                {t.group ? (
                  <>
                    <dt>Group</dt>
                    <dd>{t.group}</dd>
                  </>
                ) : null}
                <dt>Retried</dt>
                <dd>
                  {t.retried} of at most {t.max_retry}
                </dd>
                <dt>Timeout</dt>
                <dd>{t.timeout_seconds ? formatDuration(t.timeout_seconds * 1000) : 'none'}</dd>
                <dt>Retention</dt>
                <dd>{t.retention_seconds ? formatDuration(t.retention_seconds * 1000) : 'none'}</dd>
              </dl>
            </div>
            <div className="card">
              <h2>Timeline</h2>
              <Timeline task={t} />
            </div>
          </div>
          <Bytes title="Payload" value={t.payload} encoding={t.payload_encoding} testid="task-payload" />
          {t.last_error ? (
            <div className="card">
              <h2>Last error</h2>
              <pre className="error-text" data-testid="task-error">
                {t.last_error}
              </pre>
            </div>
          ) : null}
          {t.state === 'completed' || t.result ? (
            <Bytes title="Result" value={t.result} encoding={t.result_encoding} testid="task-result" />
          ) : null}
          <div className="card">
            <h2>Headers</h2>
            {t.headers && Object.keys(t.headers).length ? (
              <table className="data compact" data-testid="task-headers">
                <tbody>
                  {Object.entries(t.headers).map(([k, v]) => (
                    <tr key={k}>
                      <th>{k}</th>
                      <td className="mono">{v}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">No headers.</p>
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}

function Bytes({ title, value, encoding, testid }) {
  const shown = formatPayload(value, encoding);
  return (
    <div className="card">
      <h2>
        {title}{' '}
        {shown.kind === 'base64' ? <span className="muted small">binary, shown as base64</span> : null}
        {shown.kind === 'json' ? <span className="muted small">JSON</span> : null}
      </h2>
      <pre className={shown.kind === 'none' || shown.kind === 'empty' ? 'muted' : ''} data-testid={testid}>
        {shown.text}
      </pre>
    </div>
  );
}

function Timeline({ task: t }) {
  const nextLabel = {
    pending: 'Ready since',
    scheduled: 'Scheduled for',
    retry: 'Next retry',
    aggregating: 'Enqueued',
  }[t.state];
  const rows = [
    nextLabel && t.next_process_at ? [nextLabel, t.next_process_at] : null,
    t.last_failed_at ? ['Last failed', t.last_failed_at] : null,
    t.completed_at ? ['Completed', t.completed_at] : null,
    t.deadline ? ['Deadline', t.deadline] : null,
  ].filter(Boolean);
  if (!rows.length) return <p className="muted">No times recorded yet.</p>;
  rows.sort((a, b) => Date.parse(a[1]) - Date.parse(b[1]));
  return (
    <ol className="timeline" data-testid="timeline">
      {rows.map(([label, at]) => (
        <li key={label}>
          <strong>{label}</strong> <span>{formatTime(at)}</span> <span className="muted">({formatRelative(at)})</span>
        </li>
      ))}
    </ol>
  );
}
