import { useCallback, useEffect, useState } from 'react';
import { HashRouter, NavLink, Route, Routes, useLocation } from 'react-router';
import { client, routes } from './api.js';
import { ErrorBoundary, ErrorNotice } from './components.jsx';
import { ConfigContext } from './hooks.js';
import { applyTheme, useSettings } from './settings.js';
import { Dashboard } from './pages/Dashboard.jsx';
import { QueuePage } from './pages/Queue.jsx';
import { TaskPage } from './pages/Task.jsx';
import { ServersPage } from './pages/Servers.jsx';
import { SchedulerPage } from './pages/Scheduler.jsx';
import { RedisPage } from './pages/Redis.jsx';
import { SettingsPage } from './pages/Settings.jsx';

// Hash routes (#/queues/default) work whatever the server answers for unknown paths: `asynq web` only has to
// serve index.html at `/`.
export function App() {
  return (
    <HashRouter>
      <Shell />
    </HashRouter>
  );
}

function Shell() {
  const [settings] = useSettings();
  const [config, setConfig] = useState(null);
  const [configError, setConfigError] = useState(null);
  const [signIn, setSignIn] = useState(false);
  // Bumped after signing in, so every page remounts and fetches again with the credentials.
  const [generation, setGeneration] = useState(0);
  const location = useLocation();

  useEffect(() => applyTheme(settings.dark), [settings.dark]);

  const loadConfig = useCallback(async () => {
    try {
      setConfig(await client.get(routes.config()));
      setConfigError(null);
    } catch (error) {
      setConfigError(error);
    }
  }, []);

  useEffect(() => {
    client.onUnauthenticated(() => setSignIn(true));
    loadConfig();
  }, [loadConfig]);

  const signedIn = () => {
    setSignIn(false);
    setGeneration((g) => g + 1);
    loadConfig();
  };

  const readOnly = Boolean(config?.read_only);
  return (
    <ConfigContext.Provider value={config ?? { read_only: false, auth: 'none' }}>
      <header className="topbar">
        <NavLink to="/" className="brand">
          asynq
        </NavLink>
        <nav>
          <NavLink to="/" end>
            Queues
          </NavLink>
          <NavLink to="/servers">Servers</NavLink>
          <NavLink to="/scheduler">Scheduler</NavLink>
          <NavLink to="/redis">Redis</NavLink>
          <NavLink to="/settings">Settings</NavLink>
        </nav>
        <span className="topbar-info">
          {readOnly ? (
            <span className="badge badge-readonly" data-testid="read-only">
              read-only
            </span>
          ) : null}
          {config?.redis ? <span className="muted">redis {config.redis}</span> : null}
        </span>
      </header>
      <main>
        {configError && configError.status !== 401 ? <ErrorNotice error={configError} what="the server's settings" /> : null}
        {signIn ? <SignIn authKind={config?.auth} onDone={signedIn} /> : null}
        {config === null && configError === null ? null : (
          <ErrorBoundary key={location.pathname}>
            <Routes key={generation}>
              <Route path="/" element={<Dashboard />} />
              <Route path="/queues/:qname" element={<QueuePage />} />
              <Route path="/queues/:qname/tasks/:taskId" element={<TaskPage />} />
              <Route path="/servers" element={<ServersPage />} />
              <Route path="/scheduler" element={<SchedulerPage />} />
              <Route path="/redis" element={<RedisPage />} />
              <Route path="/settings" element={<SettingsPage />} />
              <Route path="*" element={<p>No such page. <NavLink to="/">Back to the queues</NavLink></p>} />
            </Routes>
          </ErrorBoundary>
        )}
      </main>
    </ConfigContext.Provider>
  );
}

/**
 * Asked once when the API answers 401. A token goes out as `Bearer`, user:password as `Basic`; either is kept in
 * sessionStorage (gone when the tab closes). A browser that already did basic auth never gets here.
 */
function SignIn({ authKind, onDone }) {
  const [kind, setKind] = useState(authKind === 'basic' ? 'basic' : 'token');
  const [secret, setSecret] = useState('');
  const [user, setUser] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    client.setCredentials(kind, kind === 'basic' ? `${user}:${secret}` : secret);
    try {
      await client.get(routes.queues());
      onDone();
    } catch (err) {
      client.clearCredentials();
      setError(err.status === 401 ? new Error('The server refused these credentials.') : err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop">
      <form className="modal" onSubmit={submit} data-testid="sign-in">
        <h2>Sign in</h2>
        <p className="muted">
          This server needs credentials (<code>--auth-token</code> or <code>--basic-auth</code>). They are kept for
          this tab only.
        </p>
        <div className="tabs small">
          <button type="button" className={kind === 'token' ? 'active' : ''} onClick={() => setKind('token')}>
            Token
          </button>
          <button type="button" className={kind === 'basic' ? 'active' : ''} onClick={() => setKind('basic')}>
            User and password
          </button>
        </div>
        {kind === 'basic' ? (
          <label>
            User <input value={user} onChange={(e) => setUser(e.target.value)} autoComplete="username" />
          </label>
        ) : null}
        <label>
          {kind === 'basic' ? 'Password' : 'Token'}{' '}
          <input
            type="password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoFocus
            autoComplete={kind === 'basic' ? 'current-password' : 'off'}
            data-testid="token-input"
          />
        </label>
        {error ? (
          <p className="notice notice-error" role="alert">
            {error.message}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy || !secret}>
          Sign in
        </button>
      </form>
    </div>
  );
}
