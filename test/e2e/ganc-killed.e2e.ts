import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TRAINING_FILES, verifyCheckpoint } from '../../runtime/checkpoint/manifest.js';
import { checkpointFolder, checkpointNames, lockOf, processEnded, startGancTrain, startTrainer, waitUntil, type Process } from './trainer-process.js';

/**
 * `ganc train` killed with SIGKILL, which it cannot pass on: its trainer sees the IPC channel
 * close (or, when the output's reader went too, its writes fail with EPIPE), finishes the step
 * in hand, saves, releases the lock and ends; none is left running.
 */

const scratch = mkdtempSync(join(tmpdir(), 'ganc-orphan-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

/** Generous for 2 shared cores: the step in hand, the samples and a 13 MB checkpoint. */
const BOUND_MS = 60_000;

/** Starts `ganc train` on seed A until its first epoch ends; returns it and its trainer's pid (from the lock). */
async function training(out: string): Promise<{ ganc: Process; trainer: number }> {
  const ganc = startGancTrain(out, ['--backend', 'wasm', '--batch-size', '16', '--limit', '64', '--epochs', '100000']);
  await ganc.printed(/^\[1\/100000\]\[4\/4\]/m);
  const trainer = lockOf(out)?.pid;
  assert.ok(trainer !== undefined && trainer !== ganc.pid, 'the lock names the trainer, a child of ganc');
  return { ganc, trainer };
}

/** Waits for the trainer to end; checks the lock is gone and the newest checkpoint verifies and resumes. Returns its step. */
async function assertEndedCleanly(out: string, trainer: number, killedAt: number): Promise<number> {
  await waitUntil(() => processEnded(trainer), BOUND_MS, `trainer ${trainer} to end`);
  process.stdout.write(`\nthe trainer ended ${Date.now() - killedAt} ms after ganc was killed\n`);
  assert.not.ok(existsSync(join(out, 'trainer.lock')), 'the lock is released');
  const newest = checkpointNames(out).pop() ?? '';
  assert.ok(newest.startsWith('step_'), `a checkpoint was saved: ${checkpointNames(out).join(' ')}`);
  const step = Number(newest.slice('step_'.length));
  const verified = verifyCheckpoint(checkpointFolder(out, step), TRAINING_FILES);
  assert.ok(verified.ok, verified.ok ? '' : verified.problem);
  const resumed = await startTrainer(out, ['--resume', '--steps', String(step + 1)]).exited;
  assert.is(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, `resuming from ${checkpointFolder(out, step)}`);
  assert.not.match(resumed.stderr, /trainer\.lock/, 'no stale lock to replace');
  return step;
}

test('kill -9 of ganc train: the trainer saves and ends within the bound, the lock released, the checkpoint verifies', async () => {
  const out = join(scratch, 'run');
  const { ganc, trainer } = await training(out);
  ganc.child.kill('SIGKILL');
  const killedAt = Date.now();
  const exit = await ganc.exited;
  assert.is(exit.signal, 'SIGKILL');
  const step = await assertEndedCleanly(out, trainer, killedAt);
  // The trainer's output still reaches the pipe ganc shared with it.
  assert.match(exit.stdout, `the process that started this trainer (pid ${ganc.pid}) ended: saving after this step, then stopping`);
  assert.match(exit.stdout, `stopped after ${step} steps (parent process ${ganc.pid} ended); continue with --resume`);
});

test("kill -9 of ganc train with its output's reader gone too (EPIPE): the trainer still saves and ends", async () => {
  const out = join(scratch, 'run-no-reader');
  const { ganc, trainer } = await training(out);
  ganc.child.kill('SIGKILL');
  ganc.child.stdout.destroy();
  ganc.child.stderr.destroy();
  await assertEndedCleanly(out, trainer, Date.now());
});

test.run();
