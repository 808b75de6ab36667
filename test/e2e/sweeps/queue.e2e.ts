import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exited, ganCli, mnist, root, scratch, smallFlags, startGanc, startRedis, until } from './harness.js';

/**
 * Sweeps on BullMQ against a real redis-server: a bad URL stops before anything is enqueued; a
 * 4-trial sweep on two workers, one of them SIGKILLed in the middle of a trial: BullMQ's
 * stalled-job check (short lock and interval here) gives the job to another worker, which
 * resumes the trial from its last checkpoint in the shared sweep folder, and every trial ends
 * with `ganc eval`'s figures.
 */

const spec = join(root, 'test', 'fixtures', 'sweeps', 'tiny_queue.gan');
const STEPS = 40;
const workerFlags = (url: string, work: string) => ['worker', '--queue', url, '--work', work, '--lock-duration', '3000', '--stalled-interval', '1500'];

interface Row {
  name: string;
  status: string;
  steps: number;
  fid?: number;
  by: string;
  checkpoint?: string;
}

test('a bad Redis URL is a clear error, exit 1, and nothing is enqueued', async () => {
  const redis = await startRedis();
  try {
    const out = join(scratch('ganc-sweep-badurl-'), 'sweep');
    const refused = await ganCli(['sweep', spec, '--queue', `redis://127.0.0.1:${redis.port + 1}`, '--out', out, ...smallFlags(2)]);
    assert.is(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`error: cannot reach Redis at redis://127\\.0\\.0\\.1:${redis.port + 1}: .*ECONNREFUSED`));
    const notRedis = await ganCli(['sweep', spec, '--queue', 'http://127.0.0.1:6379', '--out', out, ...smallFlags(2)]);
    assert.is(notRedis.code, 1);
    assert.match(notRedis.stderr, /error: --queue http:\/\/127\.0\.0\.1:6379 is a http: URL; write redis:\/\/host:6379/);
    const worker = await ganCli(['worker', '--queue', 'redis://no-such-host.invalid:6379']);
    assert.is(worker.code, 1);
    assert.match(worker.stderr, /error: cannot reach Redis at redis:\/\/no-such-host\.invalid:6379/);
    const client = new Redis(redis.url);
    try {
      assert.equal(await client.keys('*'), [], 'the real Redis holds no keys');
    } finally {
      client.disconnect();
    }
    assert.ok(!existsSync(out), 'no sweep folder is made');
  } finally {
    await redis.stop();
  }
});

test('4 trials on two workers; one worker SIGKILLed mid-trial, its trial resumes on another and completes', async () => {
  const redis = await startRedis();
  const base = scratch('ganc-sweep-queue-');
  const out = join(base, 'sweep');
  const work = join(base, 'work');
  const workers = [startGanc(workerFlags(redis.url, work)), startGanc(workerFlags(redis.url, work))];
  let replacement: ReturnType<typeof startGanc> | undefined;
  try {
    const sweep = startGanc(['sweep', spec, '--queue', redis.url, '--out', out, ...smallFlags(STEPS)]);
    // The first worker's first trial, once it has a checkpoint and is still training.
    const trialOf = (w: ReturnType<typeof startGanc>) => /(trial_\d+) of sweep/.exec(w.output())?.[1];
    await until('a checkpoint of the first worker\'s trial', () => {
      const name = trialOf(workers[0]);
      const folder = name === undefined ? '' : join(out, 'runs', name, 'checkpoints');
      return name !== undefined && existsSync(folder) && readdirSync(folder).some((f) => /^step_\d+$/.test(f));
    });
    const killed = trialOf(workers[0]) as string;
    const killedPid = workers[0].pid as number;
    workers[0].kill('SIGKILL');
    await exited(workers[0]);
    replacement = startGanc(workerFlags(redis.url, work));
    await exited(sweep);
    assert.is(sweep.exitCode, 0, sweep.output().slice(-3000));

    const board = JSON.parse(readFileSync(join(out, 'leaderboard.json'), 'utf8')) as { trials: Row[]; done: number };
    assert.is(board.done, 4);
    assert.equal(board.trials.map((t) => t.status), ['finished', 'finished', 'finished', 'finished']);
    for (const t of board.trials) assert.is(t.steps, STEPS, t.name);
    const resumed = board.trials.find((t) => t.name === killed) as Row;
    assert.ok(!resumed.by.endsWith(`:${killedPid}`), `${killed} was finished by another worker, not ${killedPid}`);
    // The trial's log: a first `ganc train`, cut short, then one with --resume.
    const log = readFileSync(join(out, 'trials', `${killed}.log`), 'utf8');
    const trains = log.split('\n').filter((l) => l.startsWith('$ ganc train'));
    assert.ok(trains.length >= 2 && trains.slice(1).every((l) => l.includes('--resume')), log.slice(-2000));
    assert.match(log, /resum/i);

    // Its figures are what `ganc eval` prints for its checkpoint.
    const evaluated = await ganCli(['eval', resumed.checkpoint as string, '--json', '--n', '50', '--seed', '0', '--backend', 'cpu', '--data-dir', mnist]);
    assert.is(evaluated.code, 0, evaluated.stderr);
    assert.is(resumed.fid, (JSON.parse(evaluated.stdout) as { samples: { fid: number } }).samples.fid);

    const status = await ganCli(['sweep', 'status', '--queue', redis.url]);
    assert.is(status.code, 0, status.stderr);
    assert.match(status.stdout, /: 4 trials: 4 completed/);
    assert.is((status.stdout.match(/ completed {2}FID \d+\.\d{3} {2}steps 40/g) ?? []).length, 4, status.stdout);

    // Enqueued again: the finished jobs are reused, nothing trains.
    const again = await ganCli(['sweep', spec, '--queue', redis.url, '--out', out, ...smallFlags(STEPS)], 60_000);
    assert.is(again.code, 0, again.stderr);
    assert.match(again.stdout, /4 of 4 trials done/);
  } finally {
    for (const w of [...workers, replacement]) {
      if (w !== undefined && w.exitCode === null && w.signalCode === null) {
        w.kill('SIGTERM');
        await exited(w);
      }
    }
    await redis.stop();
  }
});

test.run();
