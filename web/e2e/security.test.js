// Read-only mode hides every action; token authentication asks for the token once and keeps it for the tab.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import {
  apiClient,
  cli,
  launchBrowser,
  makeWorkDir,
  screenshotPath,
  startRedis,
  startWeb,
  stopProcess,
  tail,
} from './harness.js';

let workDir;
let redis;
let browser;
const servers = [];
let failed = false;

before(async () => {
  workDir = makeWorkDir();
  redis = await startRedis(workDir);
  await cli(['--uri', redis.uri, 'task', 'enqueue', 'email:send', '--id', 'p1', '--payload', '{}']);
  await cli(['--uri', redis.uri, 'task', 'enqueue', 'email:send', '--id', 'a1', '--max-retry', '0', '--process-in', '1h']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const s of servers) await stopProcess(s.child);
  await stopProcess(redis?.child);
  if (failed) {
    console.log(`logs kept in ${workDir}`);
    for (const s of servers) console.log(`--- ${s.logFile}\n${tail(s.logFile)}`);
  } else if (workDir) {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
});

async function step(fn) {
  try {
    await fn();
  } catch (e) {
    failed = true;
    throw e;
  }
}

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  return page;
}

test('read-only: no action buttons anywhere, and the API refuses mutations', () =>
  step(async () => {
    const web = await startWeb(redis.uri, ['--read-only'], workDir, 'web-read-only');
    servers.push(web);
    const page = await newPage();
    await page.goto(`${web.base}/#/`);
    await page.locator('tr[data-queue="default"]').waitFor();
    await page.locator('[data-testid=read-only]').waitFor();
    assert.equal(await page.locator('[data-testid=pause-toggle]').count(), 0);
    await page.goto(`${web.base}/#/queues/default?state=pending`);
    await page.locator('tr[data-task-id="p1"]').waitFor();
    assert.equal(await page.locator('[data-testid=queue-page] button[data-action]').count(), 0);
    assert.equal(await page.locator('[data-testid=bulk-bar]').count(), 0);
    assert.equal(await page.locator('tr[data-task-id="p1"] input[type=checkbox]').count(), 0);
    await page.goto(`${web.base}/#/queues/default/tasks/p1`);
    await page.locator('[data-testid=task-fields]').waitFor();
    assert.equal(await page.locator('button[data-action]').count(), 0);
    await page.screenshot({ path: screenshotPath('20-read-only-task'), fullPage: true });
    const refused = await apiClient(web.base).del('/api/queues/default/pending_tasks/p1');
    assert.equal(refused.status, 403);
    assert.equal(refused.data.error.code, 'read_only');
    await page.context().close();
  }));

test('token auth: the page asks once, then works with the token for the rest of the tab', () =>
  step(async () => {
    const web = await startWeb(redis.uri, ['--auth-token', 'e2e-secret'], workDir, 'web-token');
    servers.push(web);
    const page = await newPage();
    await page.goto(`${web.base}/#/`);
    await page.locator('[data-testid=sign-in]').waitFor();
    await page.screenshot({ path: screenshotPath('21-sign-in'), fullPage: true });
    await page.locator('[data-testid=token-input]').fill('wrong');
    await page.locator('[data-testid=sign-in] button[type=submit]').click();
    await page.locator('[data-testid=sign-in]').getByText('refused').waitFor();
    await page.locator('[data-testid=token-input]').fill('e2e-secret');
    await page.locator('[data-testid=sign-in] button[type=submit]').click();
    await page.locator('tr[data-queue="default"]').waitFor();
    assert.equal(await page.locator('[data-testid=sign-in]').count(), 0);
    // The token is in sessionStorage: a reload of the same tab does not ask again.
    await page.reload();
    await page.locator('tr[data-queue="default"]').waitFor();
    assert.equal(await page.locator('[data-testid=sign-in]').count(), 0);
    // And actions carry it (with the CSRF header): pause, checked without the browser.
    await page.locator('tr[data-queue="default"] [data-testid=pause-toggle]').click();
    await page.locator('tr[data-queue="default"] [data-testid=queue-state]').getByText('paused').waitFor();
    const api = apiClient(web.base, { Authorization: 'Bearer e2e-secret' });
    assert.equal((await api.get('/api/queues/default')).current.paused, true);
    assert.equal(await apiClient(web.base).status('/api/queues'), 401);
    await page.context().close();
  }));
