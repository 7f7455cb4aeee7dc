import { useMemo, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Link } from 'react-router';
import { client, routes } from '../api.js';
import { ErrorNotice, Loading, Notice, QueueLink } from '../components.jsx';
import { formatBytes, formatDuration, formatNumber, formatPercent } from '../format.js';
import { useAction, useConfig, usePoll, useQueues } from '../hooks.js';

export const kStates = ['active', 'pending', 'aggregating', 'scheduled', 'retry', 'archived', 'completed'];
// One colour per state, shared by the chart and the badges (style.css uses the same ones).
export const kStateColors = {
  active: '#1e88e5',
  pending: '#8e24aa',
  aggregating: '#00897b',
  scheduled: '#fdd835',
  retry: '#fb8c00',
  archived: '#e53935',
  completed: '#43a047',
};

export function Dashboard() {
  const queues = useQueues();
  const config = useConfig();
  const { busy, notice, setNotice, run } = useAction(queues.reload);
  const list = queues.data?.queues ?? [];

  const pause = (q) =>
    q.paused
      ? run(`Resume ${q.queue}`, () => client.post(routes.queueAction(q.queue, 'resume')))
      : run(`Pause ${q.queue}`, () => client.post(routes.queueAction(q.queue, 'pause')));
  const remove = (q) => {
    const text =
      q.size > 0
        ? `Delete queue "${q.queue}" and its ${q.size} task(s)? This cannot be undone.`
        : `Delete queue "${q.queue}"?`;
    if (!window.confirm(text)) return;
    run(`Delete ${q.queue}`, () => client.del(routes.queue(q.queue), q.size > 0 ? { force: true } : undefined));
  };

  return (
    <section data-testid="dashboard">
      <h1>
        Queues{' '}
        <span className="muted small" data-testid="live-mode">
          {queues.live ? 'live' : 'polling'}
        </span>
      </h1>
      <ErrorNotice error={queues.error} what="the queues" />
      <Notice notice={notice} onClose={() => setNotice(null)} />
      {queues.loading && !queues.data ? <Loading what="queues" /> : null}
      {queues.data && list.length === 0 ? (
        <p className="muted" data-testid="no-queues">
          No queues yet: enqueue a task (for example <code>asynq task enqueue email:send --payload '{'{}'}'</code>).
        </p>
      ) : null}
      {list.length > 0 ? (
        <div className="table-wrap">
          <table className="data" data-testid="queues-table">
            <thead>
              <tr>
                <th>Queue</th>
                <th>State</th>
                <th className="num">Size</th>
                {kStates.map((s) => (
                  <th key={s} className="num">
                    {s[0].toUpperCase() + s.slice(1)}
                  </th>
                ))}
                <th className="num">Processed today</th>
                <th className="num">Failed today</th>
                <th className="num">Error rate</th>
                <th className="num">Latency</th>
                <th className="num">Memory</th>
                {config.read_only ? null : <th>Actions</th>}
              </tr>
            </thead>
            <tbody>
              {list.map((q) => (
                <tr key={q.queue} data-queue={q.queue}>
                  <td>
                    <QueueLink queue={q.queue} />
                  </td>
                  <td>
                    <span className={`badge ${q.paused ? 'badge-paused' : 'badge-run'}`} data-testid="queue-state">
                      {q.paused ? 'paused' : 'run'}
                    </span>
                  </td>
                  <td className="num" data-col="size">
                    {formatNumber(q.size)}
                  </td>
                  {kStates.map((s) => (
                    <td key={s} className="num" data-col={s}>
                      <Link to={`/queues/${encodeURIComponent(q.queue)}?state=${s}`}>{formatNumber(q[s])}</Link>
                    </td>
                  ))}
                  <td className="num" data-col="processed">
                    {formatNumber(q.processed)}
                  </td>
                  <td className="num" data-col="failed">
                    {formatNumber(q.failed)}
                  </td>
                  <td className="num">{formatPercent(q.error_rate)}</td>
                  <td className="num">{formatDuration(q.latency_ms)}</td>
                  <td className="num">{formatBytes(q.memory_usage_bytes)}</td>
                  {config.read_only ? null : (
                    <td className="actions">
                      <button type="button" disabled={busy} onClick={() => pause(q)} data-testid="pause-toggle">
                        {q.paused ? 'Resume' : 'Pause'}
                      </button>
                      <button type="button" className="danger" disabled={busy} onClick={() => remove(q)}>
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.length > 0 ? (
        <div className="charts">
          <QueueSizeChart queues={list} />
          <HistoryChart queues={list} />
        </div>
      ) : null}
    </section>
  );
}

function QueueSizeChart({ queues }) {
  const data = queues.map((q) => Object.fromEntries([['queue', q.queue], ...kStates.map((s) => [s, q[s]])]));
  return (
    <div className="card chart" data-testid="chart-sizes">
      <h2>Queue size by state</h2>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis dataKey="queue" stroke="var(--muted)" />
          <YAxis allowDecimals={false} stroke="var(--muted)" />
          <Tooltip contentStyle={{ background: 'var(--card)', borderColor: 'var(--border)' }} />
          <Legend />
          {kStates.map((s) => (
            <Bar key={s} dataKey={s} stackId="size" fill={kStateColors[s]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

const kDayChoices = [7, 10, 30, 90];

function HistoryChart({ queues }) {
  const [days, setDays] = useState(10);
  const [queue, setQueue] = useState('');
  // History changes once a day per finished task: polling it at a minute is plenty.
  const stats = usePoll(routes.queueStats(), { days }, { intervalMs: 60000 });
  const data = useMemo(() => {
    const byDate = new Map();
    for (const [name, rows] of Object.entries(stats.data?.stats ?? {})) {
      if (queue && name !== queue) continue;
      for (const row of rows) {
        const entry = byDate.get(row.date) ?? { date: row.date, processed: 0, failed: 0 };
        entry.processed += row.processed;
        entry.failed += row.failed;
        byDate.set(row.date, entry);
      }
    }
    return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  }, [stats.data, queue]);

  return (
    <div className="card chart" data-testid="chart-history">
      <h2>
        Processed and failed per day{' '}
        <select value={queue} onChange={(e) => setQueue(e.target.value)} aria-label="Queue">
          <option value="">all queues</option>
          {queues.map((q) => (
            <option key={q.queue} value={q.queue}>
              {q.queue}
            </option>
          ))}
        </select>{' '}
        <select value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="Days">
          {kDayChoices.map((d) => (
            <option key={d} value={d}>
              {d} days
            </option>
          ))}
        </select>
      </h2>
      <ErrorNotice error={stats.error} what="the daily history" />
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis dataKey="date" stroke="var(--muted)" />
          <YAxis allowDecimals={false} stroke="var(--muted)" />
          <Tooltip contentStyle={{ background: 'var(--card)', borderColor: 'var(--border)' }} />
          <Legend />
          <Line type="linear" dataKey="processed" stroke="#43a047" dot={{ r: 2 }} isAnimationActive={false} />
          <Line type="linear" dataKey="failed" stroke="#e53935" dot={{ r: 2 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
