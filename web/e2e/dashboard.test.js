// The dashboard in headless Chromium against the real `asynq web`, a real Redis, a live worker and a scheduler:
// each page shows the data the API serves, actions and bulk actions take effect (checked through the API), dark
// mode persists, errors are shown. Screenshots of each page go to $ASYNQ_WEB_SCREENSHOTS.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { seed } from './fixture.js';
import {
  apiClient,
  eventually,
  launchBrowser,
  makeWorkDir,
  repoRoot,
  screenshotPath,
  startRedis,
  startWeb,
  stopProcess,
  tail,
} from './harness.js';

const kWait = 30000; // generous: only a failing test waits this long

let workDir;
let redis;
let web;
let api;
let fixture;
let browser;
let page;
const pageErrors = [];
let failed = false;

before(async () => {
  workDir = makeWorkDir();
  redis = await startRedis(workDir);
  web = await startWeb(redis.uri, ['--poll', '1s'], workDir);
  api = apiClient(web.base);
  fixture = await seed({ uri: redis.uri, api, workDir });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // Poll every second, so what the tests changed shows up quickly.
  await context.addInitScript(() => {
    if (!localStorage.getItem('asynq.pollMs')) localStorage.setItem('asynq.pollMs', '1000');
  });
  page = await context.newPage();
  page.setDefaultTimeout(kWait);
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  await stopProcess(fixture?.worker);
  await stopProcess(fixture?.scheduler);
  await stopProcess(web?.child);
  await stopProcess(redis?.child);
  if (failed) {
    console.log(`logs kept in ${workDir}\n--- asynq web log:\n${tail(web?.logFile)}`);
  } else if (workDir) {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
});

// Marks the run failed so the logs are kept (node:test has no per-test failure hook).
async function step(fn) {
  try {
    await fn();
  } catch (e) {
    failed = true;
    throw e;
  }
}

const text = (selector) => page.locator(selector).first().innerText();
const cell = (queue, col) => page.locator(`tr[data-queue="${queue}"] td[data-col="${col}"]`);
const kStates = ['active', 'pending', 'aggregating', 'scheduled', 'retry', 'archived', 'completed'];

async function goto(hash, readySelector) {
  await page.goto(`${web.base}/#${hash}`);
  await page.locator(readySelector).first().waitFor();
}

/** Waits until the page's numbers for `queue` equal the API's (both read again on each try). */
async function expectQueueRow(queue) {
  await eventually(
    async () => {
      const { current } = await api.get(`/api/queues/${queue}`);
      for (const s of ['size', ...kStates]) {
        const shown = (await cell(queue, s).innerText()).replace(/,/g, '');
        if (Number(shown) !== current[s]) throw new Error(`${queue} ${s}: page ${shown}, API ${current[s]}`);
      }
      return true;
    },
    { timeoutMs: kWait, what: `the dashboard row of "${queue}" to match the API` },
  );
}

describe('asynq web dashboard', () => {
  test('the dashboard lists every queue with the API counts, and draws both charts', () =>
    step(async () => {
      await goto('/', '[data-testid=queues-table]');
      const { queues } = await api.get('/api/queues');
      assert.deepEqual(queues.map((q) => q.queue).sort(), ['critical', 'cron', 'default', 'work']);
      for (const q of queues) await page.locator(`tr[data-queue="${q.queue}"]`).waitFor();
      await expectQueueRow('default');
      await expectQueueRow('critical');
      assert.equal(await cell('default', 'archived').innerText(), '2');
      assert.equal(await cell('work', 'active').innerText(), '2');
      await page.locator('[data-testid=chart-sizes] svg .recharts-bar-rectangle').first().waitFor();
      await page.locator('[data-testid=chart-history] svg .recharts-line').first().waitFor();
      // Today's processed count (3 failures + 1 success in "default") reaches the history chart's data.
      const stats = await api.get('/api/queue_stats?days=10');
      assert.ok(stats.stats.default.some((d) => d.processed >= 4 && d.failed >= 3), JSON.stringify(stats.stats.default));
      await page.screenshot({ path: screenshotPath('01-dashboard'), fullPage: true });
      if (process.env.ASYNQ_WEB_README_SCREENSHOT) {
        await page.screenshot({ path: path.resolve(repoRoot, process.env.ASYNQ_WEB_README_SCREENSHOT) });
      }
    }));

  test('the queue page has a tab per state with the API counts, and lists the tasks of each', () =>
    step(async () => {
      await goto('/queues/default?state=pending', '[data-testid=tasks-table]');
      const { current } = await api.get('/api/queues/default');
      for (const s of kStates) {
        await eventually(async () => (await text(`[data-testid=tab-${s}] .count`)) === String(current[s]), {
          what: `the ${s} tab to show ${current[s]}`,
        });
      }
      for (const s of ['pending', 'scheduled', 'retry', 'archived', 'completed']) {
        await page.locator(`[data-testid=tab-${s}]`).click();
        await page.locator(`[data-testid=task-list][data-state=${s}] [data-testid=tasks-table]`).waitFor();
        const { tasks } = await api.get(`/api/queues/default/${s}_tasks?page_size=100`);
        const want = tasks.map((t) => t.id).sort();
        await eventually(
          async () => {
            const ids = await page.locator('[data-testid=tasks-table] tbody tr').evaluateAll((rows) =>
              rows.map((r) => r.dataset.taskId),
            );
            return JSON.stringify(ids.sort()) === JSON.stringify(want);
          },
          { what: `the ${s} table to list ${want.join(', ')}` },
        );
        await page.screenshot({ path: screenshotPath(`02-queue-${s}`), fullPage: true });
      }
      // Archived tasks show the worker's error.
      await page.locator('[data-testid=tab-archived]').click();
      await page.locator('tr[data-task-id="arch-1"]').getByText('card declined').waitFor();
    }));

  test('aggregating tasks are listed by group', () =>
    step(async () => {
      await goto('/queues/default?state=aggregating', '[data-testid=groups]');
      await page.locator('tr[data-group="g1"]').waitFor();
      assert.match(await page.locator('tr[data-group="g1"]').innerText(), /g1\s+2/);
      await page.locator('tr[data-group="g1"] button').click();
      await page.locator('tr[data-task-id="agg-1"]').waitFor();
      await page.locator('tr[data-task-id="agg-2"]').waitFor();
      await page.screenshot({ path: screenshotPath('03-queue-aggregating'), fullPage: true });
      // A row action on a grouped task goes through the group's route.
      await page.locator('tr[data-task-id="agg-2"] button[data-action=run]').click();
      await eventually(async () => (await api.get('/api/queues/default/tasks/agg-2')).state === 'pending', {
        what: 'agg-2 to be pending after Run',
      });
      await page.locator('tr[data-task-id="agg-2"]').waitFor({ state: 'detached' });
    }));

  test('filters by type prefix and by payload text use the API', () =>
    step(async () => {
      await goto('/queues/default?state=pending', '[data-testid=tasks-table]');
      await page.locator('[data-testid=filter-type]').fill('sms:');
      await page.locator('[data-testid=filter-type]').press('Enter');
      await eventually(async () => (await page.locator('[data-testid=tasks-table] tbody tr').count()) === 2, {
        what: 'two sms:send tasks',
      });
      await page.locator('tr[data-task-id="pend-5"]').waitFor();
      await page.locator('[data-testid=filter-type]').fill('');
      await page.locator('[data-testid=filter-search]').fill('user3@');
      await page.locator('[data-testid=filter-search]').press('Enter');
      await eventually(async () => (await page.locator('[data-testid=tasks-table] tbody tr').count()) === 1, {
        what: 'one task whose payload has user3@',
      });
      await page.locator('tr[data-task-id="pend-3"]').waitFor();
      assert.match(page.url(), /search=user3%40/);
    }));

  test('task detail shows payload, headers, result, error and timeline', () =>
    step(async () => {
      await goto('/queues/default/tasks/pend-2', '[data-testid=task-fields]');
      assert.equal(await text('[data-testid=task-type]'), 'email:send');
      assert.match(await text('[data-testid=task-payload]'), /"to": "user2@example.com"/);
      assert.match(await text('[data-testid=task-headers]'), /n\s+2/);
      await page.screenshot({ path: screenshotPath('04-task-pending'), fullPage: true });

      await goto('/queues/default/tasks/done-1', '[data-testid=task-result]');
      assert.equal(await text('[data-testid=task-result]'), 'report ready: quarterly');
      assert.match(await text('[data-testid=timeline]'), /Completed/);
      await page.screenshot({ path: screenshotPath('05-task-completed'), fullPage: true });

      await goto('/queues/default/tasks/retry-1', '[data-testid=task-error]');
      assert.match(await text('[data-testid=task-error]'), /card declined/);
      const timeline = await text('[data-testid=timeline]');
      assert.match(timeline, /Last failed/);
      assert.match(timeline, /Next retry/);
      await page.screenshot({ path: screenshotPath('06-task-retry'), fullPage: true });
    }));

  test('an unknown task shows a clear message, not a blank page', () =>
    step(async () => {
      await goto('/queues/default/tasks/no-such-task', '[data-testid=error]');
      assert.match(await text('[data-testid=error]'), /no-such-task/);
    }));

  test('run an archived task, delete a pending one (row actions)', () =>
    step(async () => {
      await goto('/queues/default?state=archived', 'tr[data-task-id="arch-1"]');
      await page.locator('tr[data-task-id="arch-1"] button[data-action=run]').click();
      await eventually(async () => (await api.get('/api/queues/default/tasks/arch-1')).state === 'pending', {
        what: 'arch-1 to be pending after Run',
      });
      await page.locator('tr[data-task-id="arch-1"]').waitFor({ state: 'detached' });

      await goto('/queues/default?state=pending', 'tr[data-task-id="pend-6"]');
      await page.locator('tr[data-task-id="pend-6"] button[data-action=delete]').click();
      await eventually(async () => (await api.status('/api/queues/default/tasks/pend-6')) === 404, {
        what: 'pend-6 to be deleted',
      });
      await page.locator('tr[data-task-id="pend-6"]').waitFor({ state: 'detached' });
      await expectQueueRowAfterNavigation();
    }));

  async function expectQueueRowAfterNavigation() {
    await goto('/', '[data-testid=queues-table]');
    await expectQueueRow('default');
  }

  test('bulk selection archives the selected tasks only', () =>
    step(async () => {
      await goto('/queues/default?state=pending', 'tr[data-task-id="pend-1"]');
      await page.locator('tr[data-task-id="pend-1"] input[type=checkbox]').check();
      await page.locator('tr[data-task-id="pend-2"] input[type=checkbox]').check();
      assert.equal(await text('[data-testid=selected-count]'), '2 selected');
      await page.screenshot({ path: screenshotPath('07-bulk-selection'), fullPage: true });
      await page.locator('[data-testid=batch-archive]').click();
      await page.locator('[data-testid=notice]').getByText('2 done').waitFor();
      for (const id of ['pend-1', 'pend-2']) {
        assert.equal((await api.get(`/api/queues/default/tasks/${id}`)).state, 'archived');
      }
      assert.equal((await api.get('/api/queues/default/tasks/pend-3')).state, 'pending');
      // The table reloads after the action: wait until the archived rows have left it before selecting all.
      for (const id of ['pend-1', 'pend-2']) {
        await page.locator(`tr[data-task-id="${id}"]`).waitFor({ state: 'detached' });
      }
      // Select all on the page, then clear the selection again.
      await page.locator('[data-testid=select-all]').check();
      await eventually(
        async () =>
          (await text('[data-testid=selected-count]')) ===
          `${await page.locator('[data-testid=tasks-table] tbody tr').count()} selected`,
        { what: 'every row on the page to be selected' },
      );
      await page.locator('[data-testid=select-all]').uncheck();
      await page.locator('[data-testid=selected-count]').waitFor({ state: 'detached' });
    }));

  test('"run all" moves every scheduled task to pending', () =>
    step(async () => {
      await goto('/queues/default?state=scheduled', 'tr[data-task-id="sched-1"]');
      page.once('dialog', (d) => d.accept());
      await page.locator('[data-testid=all-run]').click();
      await eventually(async () => (await api.get('/api/queues/default')).current.scheduled === 0, {
        what: 'no scheduled task left',
      });
      await page.locator('[data-testid=no-tasks]').waitFor();
    }));

  test('pause and resume a queue from the dashboard', () =>
    step(async () => {
      await goto('/', 'tr[data-queue="critical"]');
      const toggle = page.locator('tr[data-queue="critical"] [data-testid=pause-toggle]');
      await toggle.click();
      await eventually(async () => (await api.get('/api/queues/critical')).current.paused === true, {
        what: 'critical to be paused',
      });
      await page.locator('tr[data-queue="critical"] [data-testid=queue-state]').getByText('paused').waitFor();
      await page.screenshot({ path: screenshotPath('08-dashboard-paused'), fullPage: true });
      await toggle.click();
      await eventually(async () => (await api.get('/api/queues/critical')).current.paused === false, {
        what: 'critical to run again',
      });
      await page.locator('tr[data-queue="critical"] [data-testid=queue-state]').getByText('run').waitFor();
    }));

  test('an action the API refuses shows its message', () =>
    step(async () => {
      // A queue with running tasks cannot be deleted, even with force: the API answers 409.
      await goto('/', 'tr[data-queue="work"]');
      page.once('dialog', (d) => d.accept());
      await page.locator('tr[data-queue="work"] button.danger').click();
      const notice = page.locator('[data-testid=notice]');
      await notice.waitFor();
      assert.match(await notice.innerText(), /^Delete work: \S/);
      assert.equal(await notice.getAttribute('role'), 'alert');
      assert.equal((await api.get('/api/queues/work')).current.active, 2);
      await page.screenshot({ path: screenshotPath('08b-dashboard-refused'), fullPage: true });
    }));

  test('the servers page lists the live worker and its two active tasks', () =>
    step(async () => {
      await goto('/servers', '[data-testid=server]');
      const { servers } = await api.get('/api/servers');
      const busy = servers.find((s) => s.active_workers.length === 2);
      assert.ok(busy, 'a server with two busy workers');
      const card = page.locator(`[data-server-id="${busy.id}"]`);
      await card.locator('tr[data-task-id="slow-1"]').waitFor();
      await card.locator('tr[data-task-id="slow-2"]').waitFor();
      assert.equal(await card.locator('[data-testid=busy-workers]').innerText(), `2 / ${busy.concurrency}`);
      await page.screenshot({ path: screenshotPath('09-servers'), fullPage: true });
    }));

  test('the scheduler page lists the entry and its enqueue history', () =>
    step(async () => {
      await goto('/scheduler', '[data-testid=entries-table]');
      const { entries } = await api.get('/api/scheduler_entries');
      const row = page.locator(`tr[data-entry-id="${entries[0].id}"]`);
      assert.match(await row.innerText(), /@every 2s\s+cron:tick/);
      await row.locator('[data-testid=history-toggle]').click();
      await page.locator('[data-testid=enqueue-history] tbody tr').first().waitFor();
      await page.screenshot({ path: screenshotPath('10-scheduler'), fullPage: true });
    }));

  test('cancel an active task from the queue page', () =>
    step(async () => {
      // Last of the tests that need the live worker busy: the cancelled task fails and leaves the active list.
      await goto('/queues/work?state=active', 'tr[data-task-id="slow-1"]');
      await page.locator('tr[data-task-id="slow-1"] button[data-action=cancel]').click();
      await eventually(async () => (await api.get('/api/queues/work/tasks/slow-1')).state !== 'active', {
        what: 'slow-1 to leave the active state after Cancel',
      });
      const task = await api.get('/api/queues/work/tasks/slow-1');
      assert.match(task.last_error, /cancel/);
      assert.equal((await api.get('/api/queues/work/tasks/slow-2')).state, 'active');
    }));

  test('the Redis page shows INFO from the server', () =>
    step(async () => {
      await goto('/redis', '[data-testid=redis-info]');
      const { address, info } = await api.get('/api/redis_info');
      assert.equal(await text('[data-testid=redis-summary] dd[data-key=redis_version]'), info.redis_version);
      assert.equal(await text('[data-testid=redis-address]'), address);
      assert.match(address, new RegExp(`:${redis.port}$`));
      // Every INFO field is a row of the table (read again on each try: a field such as errorstat_* may appear).
      await eventually(
        async () =>
          (await page.locator('[data-testid=redis-info] tr').count()) ===
          Object.keys((await api.get('/api/redis_info')).info).length,
        { what: 'a table row per INFO field' },
      );
      await page.screenshot({ path: screenshotPath('11-redis'), fullPage: true });
    }));

  test('dark mode and the poll interval persist across reloads', () =>
    step(async () => {
      await goto('/settings', '[data-testid=dark-mode]');
      await page.locator('[data-testid=dark-mode]').check();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
      await page.locator('[data-testid=poll-interval]').selectOption('2000');
      await page.screenshot({ path: screenshotPath('12-settings-dark'), fullPage: true });
      await page.reload();
      await page.locator('[data-testid=dark-mode]').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
      assert.equal(await page.locator('[data-testid=dark-mode]').isChecked(), true);
      assert.equal(await page.locator('[data-testid=poll-interval]').inputValue(), '2000');
      await goto('/', '[data-testid=queues-table]');
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, 'rgb(18, 21, 28)');
      await page.screenshot({ path: screenshotPath('13-dashboard-dark'), fullPage: true });
      await goto('/settings', '[data-testid=dark-mode]');
      await page.locator('[data-testid=dark-mode]').uncheck();
      await page.locator('[data-testid=poll-interval]').selectOption('1000');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
    }));

  test('the page threw no uncaught errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
