import { useState } from 'react';
import { routes } from '../api.js';
import { ErrorNotice, Loading } from '../components.jsx';
import { formatDuration } from '../format.js';
import { usePoll } from '../hooks.js';

// The figures an operator looks at first, as asynqmon's Redis page shows them.
const kHighlights = [
  ['redis_version', 'Version'],
  ['uptime_in_seconds', 'Uptime'],
  ['connected_clients', 'Connections'],
  ['used_memory_human', 'Memory used'],
  ['used_memory_peak_human', 'Peak memory'],
  ['maxmemory_human', 'Max memory'],
  ['role', 'Role'],
];

export function RedisPage() {
  const redis = usePoll(routes.redisInfo());
  const [filter, setFilter] = useState('');
  const info = redis.data?.info ?? {};
  const keys = Object.keys(info)
    .filter((k) => !filter || k.includes(filter.toLowerCase()) || String(info[k]).includes(filter))
    .sort();
  return (
    <section data-testid="redis-page">
      <h1>
        Redis <span className="mono muted" data-testid="redis-address">{redis.data?.address}</span>
      </h1>
      <ErrorNotice error={redis.error} what="the Redis information" />
      {redis.loading && !redis.data ? <Loading what="Redis information" /> : null}
      {redis.data ? (
        <>
          <dl className="summary" data-testid="redis-summary">
            {kHighlights
              .filter(([k]) => info[k] !== undefined)
              .map(([k, label]) => (
                <div key={k}>
                  <dt>{label}</dt>
                  <dd data-key={k}>{k === 'uptime_in_seconds' ? formatDuration(Number(info[k]) * 1000) : info[k]}</dd>
                </div>
              ))}
          </dl>
          <div className="card">
            <h2>
              INFO{' '}
              <input
                placeholder="Filter keys"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                aria-label="Filter INFO keys"
              />
            </h2>
            <table className="data compact" data-testid="redis-info">
              <tbody>
                {keys.map((k) => (
                  <tr key={k}>
                    <th className="mono">{k}</th>
                    <td className="mono">{String(info[k])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
