// What the browser tests stand on: a private redis-server, the real `asynq` binary (web, worker, scheduler,
// task enqueue), headless Debian Chromium through playwright-core, and waits that poll a condition against a
// deadline (never a fixed sleep: the machine running them may be slow and busy).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');

/** The asynq binary: $ASYNQ_CLI (ctest passes it), else build/src/cli/asynq. */
export const cliPath = process.env.ASYNQ_CLI || path.join(repoRoot, 'build/src/cli/asynq');
/** Where screenshots go: $ASYNQ_WEB_SCREENSHOTS (ctest: <build>/web-screenshots), else build/web-screenshots. */
export const screenshotDir = process.env.ASYNQ_WEB_SCREENSHOTS || path.join(repoRoot, 'build/web-screenshots');
/** The built front end (scripts/build_web.sh), passed to `asynq web --static-dir`. */
export const staticDir = process.env.ASYNQ_WEB_DIR || path.join(repoRoot, 'web/dist');
export const chromiumPath = process.env.ASYNQ_CHROMIUM || '/usr/bin/chromium';

const execFileAsync = promisify(execFile);
const children = new Set();

/** Polls `check` (sync or async; a truthy result ends the wait) until `timeoutMs`, then throws with `what`. */
export async function eventually(check, { timeoutMs = 30000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A loopback port the kernel just handed out (it may be taken again before we bind it: callers retry). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function redisPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setTimeout(1000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      data += chunk;
      if (data.includes('\r\n')) {
        socket.destroy();
        resolve(data.startsWith('+PONG'));
      }
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Starts a child process whose output goes to `logFile`; it is killed when the tests end, whatever happens. */
export function startProcess(command, args, { logFile, env } = {}) {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', log, log], env: { ...process.env, ...env } });
  fs.closeSync(log);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.logFile = logFile;
  return child;
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export async function stopProcess(child, graceMs = 10000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A redis-server on a free loopback port in a temporary directory, saving nothing. */
export async function startRedis(workDir) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(workDir, 'redis-'));
    const logFile = path.join(dir, 'redis.log');
    const child = startProcess(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', logFile],
      { logFile: path.join(dir, 'stdout.log') },
    );
    try {
      await eventually(async () => child.exitCode === null && (await redisPing(port)), {
        timeoutMs: 15000,
        what: 'redis-server to answer PING',
      });
      return { port, child, uri: `redis://127.0.0.1:${port}` };
    } catch (e) {
      await stopProcess(child);
      if (attempt >= 3) throw new Error(`${e.message}\n${tail(logFile)}`);
    }
  }
}

/** Runs `asynq ARGS...` to completion and returns its stdout (JSON parsed when `json`). */
export async function cli(args, { json = false } = {}) {
  try {
    const { stdout } = await execFileAsync(cliPath, args, { maxBuffer: 16 << 20 });
    return json ? JSON.parse(stdout) : stdout;
  } catch (e) {
    throw new Error(`asynq ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

/** Starts `asynq web` on a free port (retrying on a port clash) and waits until /api/config answers. */
export async function startWeb(redisUri, extraArgs, workDir, name = 'web') {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const logFile = path.join(workDir, `${name}-${port}.log`);
    const args = ['web', '--uri', redisUri, '--listen', `127.0.0.1:${port}`, '--static-dir', staticDir, ...extraArgs];
    const child = startProcess(cliPath, args, { logFile });
    const base = `http://127.0.0.1:${port}`;
    try {
      await eventually(
        async () => {
          if (child.exitCode !== null) throw new Error(`asynq web exited with ${child.exitCode}`);
          const r = await fetch(`${base}/api/config`, { headers: extraHeaders(extraArgs) });
          return r.status < 500;
        },
        { timeoutMs: 30000, what: `asynq web on port ${port}` },
      );
      return { port, base, child, logFile };
    } catch (e) {
      await stopProcess(child);
      if (attempt >= 3) throw new Error(`${e.message}\n${tail(logFile)}`);
    }
  }
}

function extraHeaders(args) {
  const i = args.indexOf('--auth-token');
  return i >= 0 ? { Authorization: `Bearer ${args[i + 1]}` } : {};
}

/** A JSON API client for checking what the browser did (mutations carry the CSRF header as the page's do). */
export function apiClient(base, headers = {}) {
  async function call(method, route, body) {
    const init = { method, headers: { Accept: 'application/json', ...headers } };
    if (method !== 'GET') init.headers['X-Asynq-Csrf'] = '1';
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const r = await fetch(base + route, init);
    const text = await r.text();
    const data = text ? JSON.parse(text) : {};
    return { status: r.status, data };
  }
  return {
    async get(route) {
      const { status, data } = await call('GET', route);
      if (status !== 200) throw new Error(`GET ${route}: HTTP ${status} ${JSON.stringify(data)}`);
      return data;
    },
    status: async (route) => (await call('GET', route)).status,
    post: (route, body) => call('POST', route, body),
    del: (route) => call('DELETE', route),
  };
}

/** Headless Debian Chromium with the flags this machine needs (no GPU, no sandbox as root, no network chatter). */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A scratch directory for logs and Redis data, kept (and printed) only when a test failed. */
export function makeWorkDir() {
  // Fail at once, with the fix, rather than through a timeout later on.
  if (!fs.existsSync(cliPath)) throw new Error(`no asynq binary at ${cliPath}: build it, or set ASYNQ_CLI`);
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`the front end is not built (no ${staticDir}/index.html): run scripts/build_web.sh`);
  }
  if (!fs.existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: apt-get install chromium`);
  return fs.mkdtempSync(path.join(os.tmpdir(), 'asynq-web-e2e-'));
}

export function screenshotPath(name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  return path.join(screenshotDir, `${name}.png`);
}
