import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import Redis from 'ioredis';
import { LOCK_FILE, processRuns, type LockHolder } from '../../runtime/train/run-lock.js';
import { saveResult } from './local.js';
import { writeLeaderboard, type SweepMeta } from './leaderboard.js';
import { runTrial, type TrialJob, type TrialResult } from './trial.js';

/**
 * Sweeps on BullMQ: `ganc sweep --queue` adds one job per trial (its id is the sweep's and the
 * trial's, so adding a sweep again adds nothing new and a finished trial is reused), then follows
 * the jobs and writes the leaderboard as they finish; `ganc worker --queue` trains them. A worker
 * killed mid-trial holds its job's lock no longer: BullMQ's stalled-job check gives the job to
 * another worker, which resumes from the trial's last checkpoint when the run folder is shared.
 */

export const QUEUE_NAME = 'ganc-trials';

export class QueueError extends Error {}

export interface SweepJobData {
  sweepId: string;
  spec: string;
  /** The sweep's output folder on the machine that added it; a worker that sees it shares it. */
  out: string;
  trial: TrialJob;
  meta: SweepMeta;
}

/** The connection a `redis://` or `rediss://` URL names; a URL that names none is a clear error. */
export function redisConnection(url: string): ConnectionOptions & { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueError(`--queue ${JSON.stringify(url)} is not a URL; write redis://host:6379`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new QueueError(`--queue ${url} is a ${parsed.protocol.replace(/:$/, '')}: URL; write redis://host:6379 (or rediss:// for TLS)`);
  }
  if (parsed.hostname === '') throw new QueueError(`--queue ${url} names no host; write redis://host:6379`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new QueueError(`--queue ${url}: the database is a whole number after the port (redis://host:6379/0)`);
  return {
    host: parsed.hostname,
    port,
    db,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Connects once and pings, so a wrong host or port fails here, before anything is enqueued. */
export async function checkRedis(url: string, after = ''): Promise<void> {
  const connection = redisConnection(url);
  const client = new Redis({ ...(connection as object), lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than connect()'s "Connection is closed".
  let cause: Error | undefined;
  client.on('error', (error: Error) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = cause ?? (error as Error);
    const code = (reason as NodeJS.ErrnoException).code;
    throw new QueueError(`cannot reach Redis at ${url}: ${reason.message}${code !== undefined && !reason.message.includes(code) ? ` (${code})` : ''}${after}`);
  } finally {
    client.disconnect();
  }
}

function jobId(sweepId: string, trial: TrialJob): string {
  return `${sweepId}-${trial.name}`;
}

/** Adds the sweep's trials (those not yet added) and follows them until every one has a result. */
export async function runQueuedSweep(
  url: string,
  data: Omit<SweepJobData, 'trial'>,
  trials: readonly TrialJob[],
  options: { wait: boolean; pollMs?: number },
  say: (line: string) => void,
): Promise<TrialResult[]> {
  await checkRedis(url, '; nothing was enqueued');
  // Made before any job is added: a worker on this machine (or one that mounts it) then trains in it.
  mkdirSync(data.out, { recursive: true });
  const queue = new Queue<SweepJobData, TrialResult>(QUEUE_NAME, { connection: redisConnection(url) });
  try {
    for (const trial of trials) {
      const id = jobId(data.sweepId, trial);
      const existing = await queue.getJob(id);
      if (existing !== undefined && (await existing.getState()) === 'failed') {
        await existing.retry();
        say(`${trial.name}: retried (job ${id})`);
        continue;
      }
      if (existing !== undefined) continue;
      await queue.add(trial.name, { ...data, trial }, { jobId: id, attempts: 3, backoff: { type: 'fixed', delay: 2000 }, removeOnComplete: false, removeOnFail: false });
    }
    say(`enqueued ${trials.length} trials of sweep ${data.sweepId} on ${url} (queue ${QUEUE_NAME}); run \`ganc worker --queue ${url}\` to train them`);
    if (!options.wait) return [];
    const results = new Map<string, TrialResult>();
    for (;;) {
      let changed = false;
      for (const trial of trials) {
        if (results.has(trial.name)) continue;
        const job = await queue.getJob(jobId(data.sweepId, trial));
        if (job === undefined) continue;
        const state = await job.getState();
        if (state === 'completed' && job.returnvalue) {
          const result = job.returnvalue;
          results.set(trial.name, result);
          saveResult(data.out, result);
          say(result.status === 'finished' ? `${trial.name}: FID ${result.fid?.toFixed(3)} after ${result.steps} steps (${result.by})` : `${trial.name}: failed: ${result.reason}`);
          changed = true;
        } else if (state === 'failed') {
          const result: TrialResult = { index: trial.index, name: trial.name, key: trial.key, values: trial.values, status: 'failed', reason: `the job failed: ${job.failedReason}`, steps: 0, wallSeconds: 0, runFolder: '', by: 'queue' };
          results.set(trial.name, result);
          saveResult(data.out, result);
          say(`${trial.name}: failed: ${result.reason}`);
          changed = true;
        }
      }
      if (changed) writeLeaderboard(data.out, [...results.values()], data.meta);
      if (results.size === trials.length) return [...results.values()];
      await new Promise((done) => setTimeout(done, options.pollMs ?? 1000));
    }
  } finally {
    await queue.close();
  }
}

/** Jobs of every sweep on the queue, by state. */
export async function sweepStatus(url: string, sweepId?: string): Promise<{ sweepId: string; spec: string; counts: Record<string, number>; trials: { name: string; state: string; result?: TrialResult }[] }[]> {
  await checkRedis(url);
  const queue = new Queue<SweepJobData, TrialResult>(QUEUE_NAME, { connection: redisConnection(url) });
  try {
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed']);
    const sweeps = new Map<string, { sweepId: string; spec: string; counts: Record<string, number>; trials: { name: string; state: string; result?: TrialResult }[] }>();
    for (const job of jobs) {
      if (job === undefined || job.data === undefined) continue;
      if (sweepId !== undefined && job.data.sweepId !== sweepId) continue;
      const state = await job.getState();
      const entry = sweeps.get(job.data.sweepId) ?? { sweepId: job.data.sweepId, spec: job.data.spec, counts: {}, trials: [] };
      entry.counts[state] = (entry.counts[state] ?? 0) + 1;
      entry.trials.push({ name: job.data.trial.name, state, ...(state === 'completed' && job.returnvalue ? { result: job.returnvalue } : {}) });
      sweeps.set(job.data.sweepId, entry);
    }
    for (const entry of sweeps.values()) entry.trials.sort((a, b) => a.name.localeCompare(b.name));
    return [...sweeps.values()];
  } finally {
    await queue.close();
  }
}

/** Waits while a trainer of this host still holds the run folder (one a killed worker left, saving). */
async function waitForLock(runFolder: string, say: (line: string) => void): Promise<void> {
  const file = join(runFolder, LOCK_FILE);
  for (let said = false; existsSync(file); said = true) {
    let holder: LockHolder;
    try {
      holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    } catch {
      return;
    }
    if (holder.host !== hostname() || !processRuns(holder.pid, holder.processStart)) return; // the trainer takes a stale lock over itself
    if (!said) say(`${runFolder}: process ${holder.pid} still holds the run folder; waiting for it to save and stop`);
    await new Promise((done) => setTimeout(done, 500));
  }
}

export interface WorkerOptions {
  /** Where trials train when the sweep's folder is not on this machine. */
  work: string;
  lockDuration: number;
  stalledInterval: number;
  /** Stop after this many jobs (tests); undefined: run until stopped. */
  jobs?: number;
}

/** Takes trials off the queue one at a time until stopped (SIGINT, SIGTERM). */
export async function runWorker(url: string, options: WorkerOptions, say: (line: string) => void): Promise<void> {
  await checkRedis(url);
  let done = 0;
  const by = `${hostname()}:${process.pid}`;
  const worker = new Worker<SweepJobData, TrialResult>(
    QUEUE_NAME,
    async (job: Job<SweepJobData, TrialResult>) => {
      const { trial, out, sweepId } = job.data;
      const shared = existsSync(out);
      const root = shared ? out : join(options.work, sweepId);
      const runFolder = join(root, 'runs', trial.name);
      say(`${trial.name} of sweep ${sweepId}: ${shared ? 'in the shared folder' : 'in this machine\'s folder'} ${runFolder} (attempt ${job.attemptsMade + 1})`);
      await waitForLock(runFolder, say);
      const result = await runTrial(trial, runFolder, join(root, 'trials'), by);
      say(result.status === 'finished' ? `${trial.name}: FID ${result.fid?.toFixed(3)}` : `${trial.name}: failed: ${result.reason}`);
      return result;
    },
    { connection: redisConnection(url), concurrency: 1, lockDuration: options.lockDuration, stalledInterval: options.stalledInterval, maxStalledCount: 3 },
  );
  worker.on('error', (error) => say(`worker: ${error.message}`));
  say(`worker ${by} takes trials from ${url} (queue ${QUEUE_NAME})`);
  await new Promise<void>((stop) => {
    const close = () => void worker.close().then(() => stop());
    process.once('SIGINT', close);
    process.once('SIGTERM', close);
    worker.on('completed', () => {
      done += 1;
      if (options.jobs !== undefined && done >= options.jobs) close();
    });
  });
}
