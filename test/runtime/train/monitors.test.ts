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
/** A D at chance: scores near 0.5 for real and fake alike, half of each called right, its loss at the chance value. */
const chance: StepFigures = { ...healthy, lossD: 1.386, dReal: 0.5, dFakeBefore: 0.49, dFakeAfter: 0.5, accuracyReal: 0.52, accuracyFake: 0.47 };
const rejecting: StepFigures = { ...healthy, lossD: 0.05, dFakeBefore: 0.001, dFakeAfter: 0.002, accuracyReal: 1, accuracyFake: 1 };

const at = (step: number): StepPosition => ({ epoch: 1, epochs: 5, iteration: step, iterations: 1000, step });
const settings = { chance: { warmUp: 2, band: 0.1, patience: 3 }, stall: { maxFakeScore: 0.01, patience: 5 } };

/** No real-image yardstick: the sample-spread monitor stays out of these step-figure tests. */
const noSpread = 0;

function feed(sequence: StepFigures[], monitors = monitorsFor('probability', noSpread, settings)): { step: number; finding: Finding }[] {
  return sequence.flatMap((figures, i) => monitors.onStep(figures, at(i + 1)).map((finding) => ({ step: i + 1, finding })));
}

test('a D at chance is reported once, after the warm-up, once the pattern has held for the patience', () => {
  const found = feed([chance, chance, chance, chance, healthy, chance, chance, chance, chance, chance]);
  assert.is(found.length, 1);
  // Steps 1-2 are the warm-up; 3 and 4 start a streak that step 5 breaks; 6, 7, 8 complete one.
  assert.is(found[0].step, 8);
  assert.is(found[0].finding.severity, 'warning');
  assert.match(found[0].finding.message, /D is at chance \(epoch 1, iteration 8 \(step 8\)\): for 3 steps it has scored real and fake images alike \(D\(x\) 0\.50, D\(G\(z\)\) 0\.49\) and called only 52% of real and 47% of fake images right/);
});

test('a confident, accurate D with a low loss is not at chance; neither is a D that wins', () => {
  assert.equal(feed(Array(10).fill({ ...healthy, lossD: 0.004, accuracyReal: 0.99, accuracyFake: 0.98, dReal: 0.99, dFakeBefore: 0.02 })), []);
  // Chance-level accuracy alone, with scores far from 0.5 (a D that calls everything real), is not chance either.
  assert.equal(feed(Array(10).fill({ ...chance, dReal: 0.9, dFakeBefore: 0.9 })).filter((f) => f.finding.monitor === 'discriminator at chance'), []);
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
  feed([chance, chance, chance, chance], original);
  const restored = monitorsFor('probability', noSpread, settings);
  restored.restore(JSON.parse(JSON.stringify(original.state())));
  assert.is(restored.onStep(chance, at(5)).length, 1);
});

test('a critic (Wasserstein, hinge) is only checked for NaN: its scores are not probabilities', () => {
  const critic = monitorsFor('critic', noSpread, settings);
  assert.equal(feed(Array(10).fill(chance), critic), []);
  assert.equal(feed([{ ...healthy, lossG: Number.NaN }], critic).map((f) => f.finding.severity), ['fatal']);
});

test('a run whose D stays at chance says so once, above the log lines', async () => {
  // A step that reports a D at chance every time: scores a coin toss would give.
  const program = {
    ...seedAProgram(),
    trainStep: (step: Step) => {
      step.realBatch();
      return {
        lossD: tf.scalar(chance.lossD),
        lossG: tf.scalar(0.69),
        realScores: tf.tensor1d([0.55, 0.45]),
        fakeScores: tf.tensor1d([0.45, 0.55]),
        fakeScoresAfter: tf.tensor1d([0.5, 0.5]),
      };
    },
  };
  const out = mkdtempSync(join(tmpdir(), 'ganc-chance-'));
  const run = await captured(() => runTrainer(program, ['--backend', 'cpu', '--out', out, '--limit', '16', '--steps', '310', '--epochs', '400']));
  assert.is(run.exitCode, 0, run.stderr);
  const warnings = run.stdout.split('\n').filter((line) => line.startsWith('warning: D is at chance'));
  assert.is(warnings.length, 1);
  // Warm-up 200 steps, then 100 at chance.
  assert.match(warnings[0], /step 300\)/);
});

test.run();
