import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runTrainer, type TrainerProgram } from '../../../runtime/index.js';
import { captured, readMetrics } from './capture.js';
import { seedAProgram } from './programs.js';

/** Seed A whose G loss turns NaN at `badStep`, as a diverging run's would. */
function divergingProgram(badStep: number): TrainerProgram {
  const program = seedAProgram();
  let step = 0;
  return {
    ...program,
    trainStep: (iteration) => {
      const report = program.trainStep(iteration);
      step += 1;
      return step === badStep ? { ...report, lossG: tf.mul(report.lossG, NaN) as tf.Scalar } : report;
    },
  };
}

test('a NaN loss stops the run, names the step, keeps the last good checkpoint and exits 1', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ganc-nan-'));
  // 2 iterations per epoch with a checkpoint every epoch: step 2 is saved, step 3 diverges.
  const run = await captured(() => runTrainer(divergingProgram(3), ['--backend', 'cpu', '--out', out, '--limit', '32', '--epochs', '3']));
  assert.is(run.exitCode, 1);
  assert.match(run.stderr, /Loss_G is NaN at epoch 2, iteration 1 \(step 3\): training stopped/);
  assert.match(run.stderr, /the last good checkpoint is .*step_00000002 \(step 2\)/);
  assert.equal(readdirSync(join(out, 'checkpoints')), ['step_00000002']);
  assert.not.ok(existsSync(join(out, 'image_at_epoch_0002.png')));
  const last = readMetrics(readFileSync(join(out, 'metrics.jsonl'), 'utf8')).at(-1)!;
  assert.equal([last.step, last.lossG], [3, 'NaN']);
});

test('a NaN before any checkpoint says nothing was saved', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ganc-nan-'));
  const run = await captured(() => runTrainer(divergingProgram(1), ['--backend', 'cpu', '--out', out, '--limit', '32']));
  assert.is(run.exitCode, 1);
  assert.match(run.stderr, /step 1\).*\n.*no checkpoint was written before this step/);
  assert.not.ok(existsSync(join(out, 'checkpoints')));
});

test.run();
