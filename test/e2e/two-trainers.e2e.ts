import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkpointFolder, checkpointNames, lockOf, startTrainer } from './trainer-process.js';

/**
 * Two real trainers on one --out (issue 12 saw 96 metrics lines for 48 steps and checkpoints of
 * two seeds mixed): the second refuses at once with the holder's pid, exit 1, before it prints
 * anything; the first runs on alone and its run is whole.
 */

const scratch = mkdtempSync(join(tmpdir(), 'ganc-two-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

test('a second trainer on a folder in use refuses with the holder\'s pid; the first run stays whole', async () => {
  const out = join(scratch, 'run');
  // 64 images: 4 steps an epoch, a metrics line at each epoch's end, checkpoints every 5 epochs.
  const first = startTrainer(out, ['--limit', '64', '--steps', '48']);
  await first.printed(/^\[1\/50\]\[4\/4\]/m);
  assert.is(lockOf(out)?.pid, first.pid);

  const started = Date.now();
  const fresh = await startTrainer(out, ['--limit', '64', '--steps', '48', '--seed', '2']).exited;
  const resumed = await startTrainer(out, ['--resume', '--steps', '60']).exited;
  process.stdout.write(`\nthe second trainers took ${Date.now() - started} ms to refuse, start-up included\n`);
  const refusal = `error: ${out} is in use by another trainer: process ${first.pid} (since ${lockOf(out)?.since}) holds ${join(out, 'trainer.lock')}; stop it, or pass another --out`;
  for (const second of [fresh, resumed]) {
    assert.is(second.code, 1, second.stderr);
    assert.equal(second.stderr.trim().split('\n'), [refusal]);
    assert.is(second.stdout, '');
  }

  const done = await first.exited;
  assert.is(done.code, 0, done.stderr);
  const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { step: number });
  assert.equal(metrics.map((m) => m.step), [4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48]);
  assert.equal(checkpointNames(out), ['step_00000020', 'step_00000040', 'step_00000048']);
  for (const name of checkpointNames(out)) {
    const state = JSON.parse(readFileSync(join(out, 'checkpoints', name, 'state.json'), 'utf8')) as { seed: number };
    assert.is(state.seed, 1, name);
  }
  assert.not.ok(existsSync(join(out, 'trainer.lock')));

  // Released, the folder is free again: a resume takes it without a word about locks.
  const later = await startTrainer(out, ['--resume', '--steps', '52']).exited;
  assert.is(later.code, 0, later.stderr);
  assert.not.match(later.stderr, /trainer\.lock/);
  assert.ok(existsSync(checkpointFolder(out, 52)));
});

test.run();
