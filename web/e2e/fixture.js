// Fills a private Redis with tasks in every state, through the real CLI:
//   queue "default" (no live server serves it, so its counts hold still while the tests look):
//     archived arch-1, arch-2 and retry retry-1 (failed by a short-lived worker), completed done-1 (with a result),
//     then pending pend-1..6 (email:send, sms:send), scheduled sched-1..3, aggregating agg-1, agg-2 in group g1;
//   queue "critical": pending crit-1, crit-2 (the pause tests use it);
//   queue "work": slow-1, slow-2, active in a live `asynq worker` for the rest of the run (servers page);
//   queue "cron": fed every 2 s by a live `asynq scheduler` (scheduler page).
import fs from 'node:fs';
import path from 'node:path';
import { cli, cliPath, eventually, startProcess, stopProcess } from './harness.js';

const enqueue = (uri, type, id, flags = []) => cli(['--uri', uri, 'task', 'enqueue', type, '--id', id, ...flags]);

async function queueInfo(api, queue) {
  return (await api.get(`/api/queues/${queue}`)).current;
}

export async function seed({ uri, api, workDir }) {
  // 1. Failures and a success, made by a worker that serves "default" only for as long as it takes.
  await enqueue(uri, 'fail:charge', 'arch-1', ['--payload', '{"order":1}', '--max-retry', '0']);
  await enqueue(uri, 'fail:charge', 'arch-2', ['--payload', '{"order":2}', '--max-retry', '0']);
  await enqueue(uri, 'fail:charge', 'retry-1', ['--payload', '{"order":3}', '--max-retry', '5']);
  await enqueue(uri, 'ok:report', 'done-1', ['--payload', 'quarterly', '--retention', '1h']);
  const shortWorker = startProcess(
    cliPath,
    [
      'worker', '--uri', uri, '--queue', 'default', '--concurrency', '2', '--shutdown-timeout', '1s',
      '--handler', 'fail:=echo "card declined" >&2; exit 3',
      '--handler', 'ok:=printf "report ready: "; cat',
    ],
    { logFile: path.join(workDir, 'short-worker.log') },
  );
  await eventually(
    async () => {
      const q = await queueInfo(api, 'default');
      return q.archived === 2 && q.retry === 1 && q.completed === 1 && q.active === 0 && q.pending === 0;
    },
    { timeoutMs: 60000, what: 'the short-lived worker to archive 2, retry 1 and complete 1 task' },
  );
  await stopProcess(shortWorker);

  // 2. Tasks that wait: nothing serves "default" or "critical" any more.
  for (let i = 1; i <= 4; i++) {
    await enqueue(uri, 'email:send', `pend-${i}`, ['--payload', `{"to":"user${i}@example.com"}`, '--header', `n=${i}`]);
  }
  await enqueue(uri, 'sms:send', 'pend-5', ['--payload', 'hello bob']);
  await enqueue(uri, 'sms:send', 'pend-6', ['--payload', 'hello carol']);
  for (let i = 1; i <= 3; i++) await enqueue(uri, 'email:reminder', `sched-${i}`, ['--process-in', `${i}h`]);
  await enqueue(uri, 'digest:add', 'agg-1', ['--group', 'g1', '--payload', 'a']);
  await enqueue(uri, 'digest:add', 'agg-2', ['--group', 'g1', '--payload', 'b']);
  await enqueue(uri, 'alert:page', 'crit-1', ['--queue', 'critical', '--payload', 'disk full']);
  await enqueue(uri, 'alert:page', 'crit-2', ['--queue', 'critical', '--payload', 'cpu hot']);

  // 3. A live worker holding two long tasks, so the servers page has active workers.
  await enqueue(uri, 'slow:job', 'slow-1', ['--queue', 'work', '--payload', 'one']);
  await enqueue(uri, 'slow:job', 'slow-2', ['--queue', 'work', '--payload', 'two']);
  const worker = startProcess(
    cliPath,
    [
      'worker', '--uri', uri, '--queue', 'work', '--concurrency', '2', '--shutdown-timeout', '1s',
      '--kill-grace', '0s', '--handler', 'slow:=exec sleep 600',
    ],
    { logFile: path.join(workDir, 'worker.log') },
  );
  await eventually(async () => (await queueInfo(api, 'work')).active === 2, {
    timeoutMs: 30000,
    what: 'the live worker to take slow-1 and slow-2',
  });
  await eventually(async () => (await api.get('/api/servers')).servers.some((s) => s.active_workers.length === 2), {
    timeoutMs: 30000,
    what: 'the live worker to report its two busy workers',
  });

  // 4. A scheduler enqueueing every 2 s, so the scheduler page has an entry and a history.
  const config = path.join(workDir, 'periodic.yaml');
  fs.writeFileSync(config, 'tasks:\n  - cron: "@every 2s"\n    type: cron:tick\n    queue: cron\n    payload: tick\n');
  const scheduler = startProcess(cliPath, ['scheduler', '--uri', uri, '--config', config], {
    logFile: path.join(workDir, 'scheduler.log'),
  });
  await eventually(
    async () => {
      const { entries } = await api.get('/api/scheduler_entries');
      if (entries.length !== 1) return false;
      const { events } = await api.get(`/api/scheduler_entries/${encodeURIComponent(entries[0].id)}/enqueue_events`);
      return events.length >= 1;
    },
    { timeoutMs: 30000, what: 'the scheduler to register its entry and enqueue once' },
  );
  return { worker, scheduler };
}
