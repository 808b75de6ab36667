import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runTrainer, type Step } from '../../../runtime/index.js';
import { monitorsFor, type Finding } from '../../../runtime/monitor/index.js';
import type { StepFigures, StepPosition } from '../../../runtime/figures.js';
import { captured } from './capture.js';
import { seedAProgram } from './programs.js';

const healthy: StepFigures = { lossD: 1.2, lossG: 0.9, dReal: 0.6, dFakeBefore: 0.4, dFakeAfter: 0.42, accuracyReal: 0.7, accuracyFake: 0.65 };
/** Seed B1's end state: D's loss near 0 while it sorts real and fake at chance. */
const collapsed: StepFigures = { ...healthy, lossD: 0.003, accuracyReal: 0.5, accuracyFake: 0.5 };
const rejecting: StepFigures = { ...healthy, lossD: 0.05, dFakeBefore: 0.001, dFakeAfter: 0.002, accuracyReal: 1, accuracyFake: 1 };

const at = (step: number): StepPosition => ({ epoch: 1, epochs: 5, iteration: step, iterations: 1000, step });
const settings = { collapse: { maxLoss: 0.01, accuracyBand: 0.1, patience: 3 }, stall: { maxFakeScore: 0.01, patience: 5 } };

/** No real-image yardstick: the sample-spread monitor stays out of these step-figure tests. */
const noSpread = 0;

function feed(sequence: StepFigures[], monitors = monitorsFor('probability', noSpread, settings)): { step: number; finding: Finding }[] {
  return sequence.flatMap((figures, i) => monitors.onStep(figures, at(i + 1)).map((finding) => ({ step: i + 1, finding })));
}

test('a collapsed D is reported once, after the pattern has held for the patience', () => {
  const found = feed([healthy, collapsed, collapsed, healthy, collapsed, collapsed, collapsed, collapsed, collapsed, collapsed]);
  assert.is(found.length, 1);
  assert.is(found[0].step, 7);
  assert.is(found[0].finding.severity, 'warning');
  assert.match(found[0].finding.message, /D has collapsed \(epoch 1, iteration 7 \(step 7\)\): Loss_D is 0\.0030 but D calls only 50% of real and 50% of fake/);
});

test('a confident, accurate D with a low loss is not a collapse', () => {
  assert.equal(feed(Array(10).fill({ ...healthy, lossD: 0.004, accuracyReal: 0.99, accuracyFake: 0.98 })), []);
});

test('D(G(z)) pinned near 0 is reported once as G not learning', () => {
  const found = feed([...Array(4).fill(rejecting), healthy, ...Array(12).fill(rejecting)]);
  assert.is(found.length, 1);
  assert.is(found[0].step, 10);
  assert.match(found[0].finding.message, /G is not learning .*D\(G\(z\)\) has stayed at or below 0\.01 for 5 steps in a row/);
});

test('a NaN or infinite loss is fatal and names the loss and the step', () => {
  const found = feed([healthy, { ...healthy, lossD: Number.POSITIVE_INFINITY, lossG: Number.NaN }]);
  assert.is(found.length, 1);
  assert.is(found[0].finding.severity, 'fatal');
  assert.match(found[0].finding.message, /^Loss_D is Infinity and Loss_G is NaN at epoch 1, iteration 2 \(step 2\)/);
});

test('counters survive a checkpoint: a restored set warns exactly when the original would', () => {
  const original = monitorsFor('probability', noSpread, settings);
  feed([collapsed, collapsed], original);
  const restored = monitorsFor('probability', noSpread, settings);
  restored.restore(JSON.parse(JSON.stringify(original.state())));
  assert.is(restored.onStep(collapsed, at(3)).length, 1);
});

test('a critic (Wasserstein, hinge) is only checked for NaN: its scores are not probabilities', () => {
  const critic = monitorsFor('critic', noSpread, settings);
  assert.equal(feed(Array(10).fill(collapsed), critic), []);
  assert.equal(feed([{ ...healthy, lossG: Number.NaN }], critic).map((f) => f.finding.severity), ['fatal']);
});

test('a run whose D collapses says so once, above the log lines', async () => {
  // A step that reports seed B1's figures every time, as its D would once collapsed.
  const program = {
    ...seedAProgram(),
    // Scores a coin toss would give: half of each batch on each side of 0.5.
    trainStep: (step: Step) => {
      step.realBatch();
      return {
        lossD: tf.scalar(collapsed.lossD),
        lossG: tf.scalar(collapsed.lossG),
        realScores: tf.tensor1d([0.6, 0.4]),
        fakeScores: tf.tensor1d([0.4, 0.6]),
        fakeScoresAfter: tf.tensor1d([0.5, 0.5]),
      };
    },
  };
  const out = mkdtempSync(join(tmpdir(), 'ganc-collapse-'));
  const run = await captured(() => runTrainer(program, ['--backend', 'cpu', '--out', out, '--limit', '240', '--steps', '14']));
  assert.is(run.exitCode, 0, run.stderr);
  const warnings = run.stdout.split('\n').filter((line) => line.startsWith('warning: D has collapsed'));
  assert.is(warnings.length, 1);
  assert.match(warnings[0], /step 10\)/);
});

test.run();
