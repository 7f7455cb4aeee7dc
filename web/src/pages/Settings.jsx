import { client } from '../api.js';
import { useConfig } from '../hooks.js';
import { formatDuration } from '../format.js';
import { kPollIntervals, useSettings } from '../settings.js';

export function SettingsPage() {
  const [settings, update] = useSettings();
  const config = useConfig();
  return (
    <section data-testid="settings-page">
      <h1>Settings</h1>
      <div className="card settings">
        <label>
          <input
            type="checkbox"
            checked={settings.dark}
            onChange={(e) => update({ dark: e.target.checked })}
            data-testid="dark-mode"
          />{' '}
          Dark mode
        </label>
        <label>
          Refresh every{' '}
          <select
            value={settings.pollMs}
            onChange={(e) => update({ pollMs: Number(e.target.value) })}
            data-testid="poll-interval"
          >
            {kPollIntervals.map((ms) => (
              <option key={ms} value={ms}>
                {formatDuration(ms)}
              </option>
            ))}
          </select>
        </label>
        <p className="muted small">
          Both are kept in this browser. The queue table follows the server's event stream when it can and polls at
          this interval otherwise; the other pages poll.
        </p>
      </div>
      <div className="card">
        <h2>Server</h2>
        <dl className="fields" data-testid="server-config">
          <dt>Version</dt>
          <dd>{config.version ?? '-'}</dd>
          <dt>Redis</dt>
          <dd className="mono">{config.redis ?? '-'}</dd>
          <dt>Mode</dt>
          <dd>{config.read_only ? 'read-only: actions are refused' : 'read-write'}</dd>
          <dt>Authentication</dt>
          <dd>{config.auth ?? 'none'}</dd>
        </dl>
        {client.hasCredentials() ? (
          <button
            type="button"
            onClick={() => {
              client.clearCredentials();
              window.location.reload();
            }}
          >
            Forget the credentials of this tab
          </button>
        ) : null}
      </div>
    </section>
  );
}
