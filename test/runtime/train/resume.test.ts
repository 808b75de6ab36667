import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runTrainer } from '../../../runtime/index.js';
import { captured, readMetrics } from './capture.js';
import { conditionalProgram, seedAProgram } from './programs.js';

const runFolder = () => mkdtempSync(join(tmpdir(), 'ganc-resume-'));
const train = (program: ReturnType<typeof seedAProgram>, ...flags: string[]) =>
  captured(() => runTrainer(program, ['--backend', 'cpu', ...flags]));
const metricsOf = (folder: string) => readMetrics(readFileSync(join(folder, 'metrics.jsonl'), 'utf8'));

test('a conditional run (labels, dropout) resumed mid-epoch gives the same losses as an uninterrupted one', async () => {
  // 48 images in batches of 16: 3 iterations per epoch. The break at step 2 is mid-epoch and
  // the rest crosses into epoch 2, so the shuffle, dropout masks, latents, labels, optimizer
  // moments and learning rates must all continue exactly.
  const whole = runFolder();
  const split = runFolder();
  const uninterrupted = await train(conditionalProgram(), '--out', whole, '--limit', '48', '--steps', '5');
  assert.is(uninterrupted.exitCode, 0, uninterrupted.stderr);
  const first = await train(conditionalProgram(), '--out', split, '--limit', '48', '--steps', '2');
  assert.is(first.exitCode, 0, first.stderr);
  const resumed = await train(conditionalProgram(), '--out', split, '--steps', '5', '--resume');
  assert.is(resumed.exitCode, 0, resumed.stderr);
  assert.match(resumed.stdout, /resuming from .*step_00000002 \(epoch 1, iteration 2, step 2\)/);

  const expected = metricsOf(whole);
  const actual = metricsOf(split);
  assert.is(expected.length, 5);
  assert.equal(actual, expected);
  assert.equal(readdirSync(join(split, 'checkpoints')), ['step_00000002', 'step_00000003', 'step_00000005']);
});

test('resume keeps the run\'s seed and batch size, and says so when a flag contradicts them', async () => {
  const out = runFolder();
  await train(seedAProgram(), '--out', out, '--limit', '16', '--steps', '1');
  const run = await train(seedAProgram(), '--out', out, '--resume', '--batch-size', '8');
  assert.is(run.exitCode, 2);
  assert.match(run.stderr, /--batch-size 8 differs from the run being resumed \(16\)/);
});

test.run();
