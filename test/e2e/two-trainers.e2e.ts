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
  // 64 images: 4 steps an epoch, a metrics line at each epoch's end, checkpoints every 5 epochs (20 steps).
  const first = startTrainer(out, ['--limit', '64', '--epochs', '100000']);
  await first.printed(/^\[1\/100000\]\[4\/4\]/m);
  assert.is(lockOf(out)?.pid, first.pid);

  // What start-up alone costs beside the running trainer (tsx, TensorFlow.js): a refusal should take no longer.
  const helpStarted = Date.now();
  assert.is((await startTrainer(join(scratch, 'unused'), ['--help']).exited).code, 0);
  process.stdout.write(`\na trainer's --help took ${Date.now() - helpStarted} ms\n`);
  const refusal = `error: ${out} is in use by another trainer: process ${first.pid} (since ${lockOf(out)?.since}) holds ${join(out, 'trainer.lock')}; stop it, or pass another --out`;
  for (const flags of [['--limit', '64', '--seed', '2'], ['--resume']]) {
    const started = Date.now();
    const second = await startTrainer(out, flags).exited;
    process.stdout.write(`the second trainer (${flags.join(' ')}) refused in ${Date.now() - started} ms, its start-up included\n`);
    assert.is(second.code, 1, second.stderr);
    assert.equal(second.stderr.trim().split('\n'), [refusal]);
    assert.is(second.stdout, '', 'refused before the backend or the data');
  }

  first.child.kill('SIGTERM');
  const done = await first.exited;
  assert.is(done.code, 0, done.stderr);
  const steps = Number(/stopped after (\d+) steps \(SIGTERM\)/.exec(done.stdout)?.[1]);
  const epochEnds = Array.from({ length: Math.floor(steps / 4) }, (_, i) => 4 * (i + 1));
  const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { step: number });
  assert.equal(metrics.map((m) => m.step), steps % 4 === 0 ? epochEnds : [...epochEnds, steps], 'each step logged once');
  const checkpoints = epochEnds.filter((step) => step % 20 === 0);
  if (checkpoints.at(-1) !== steps) checkpoints.push(steps);
  assert.equal(checkpointNames(out), checkpoints.map((step) => `step_${String(step).padStart(8, '0')}`));
  for (const name of checkpointNames(out)) {
    const state = JSON.parse(readFileSync(join(out, 'checkpoints', name, 'state.json'), 'utf8')) as { seed: number };
    assert.is(state.seed, 1, name);
  }
  assert.not.ok(existsSync(join(out, 'trainer.lock')));

  // Released, the folder is free again: a resume takes it without a word about locks.
  const later = await startTrainer(out, ['--resume', '--steps', String(steps + 1)]).exited;
  assert.is(later.code, 0, later.stderr);
  assert.not.match(later.stderr, /trainer\.lock/);
  assert.ok(existsSync(checkpointFolder(out, steps + 1)));
});

test.run();
