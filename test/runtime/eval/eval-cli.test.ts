import { rmSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EvalReport } from '../../../runtime/eval/evaluate.js';
import { runCli } from '../../cli/run-cli.js';
import { writeTinyRun } from './tiny-generator.js';

let run = '';

test.before(async () => {
  run = (await writeTinyRun(false)).run;
});

test.after(() => {
  rmSync(run, { recursive: true, force: true });
});

test('`ganc eval <run> -n 300` prints the table for the samples and the real floor', () => {
  const result = runCli(['eval', run, '-n', '300', '--backend', 'wasm']);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /step_00000010: 300 samples vs the first 300 mnist test images/);
  assert.match(result.stdout, /FID\s+classes\s+KL\s+precision\s+recall/);
  assert.match(result.stdout, /\nsamples\s+\d+\.\d{3}\s+\d+\/10\s/);
  // 300 real training images are confidently classified in every class.
  assert.match(result.stdout, /\nreal floor\s+\d+\.\d{3}\s+10\/10\s/);
});

test('--json gives the figures as data: an untrained generator is far from the real floor', () => {
  const result = runCli(['eval', run, '-n', '300', '--backend', 'wasm', '--json', '--seed', '3']);
  assert.is(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as EvalReport;
  assert.is(report.count, 300);
  assert.is(report.neighbours, 3);
  assert.ok(report.samples.fid > 10 * report.realFloor.fid, `FID ${report.samples.fid} vs floor ${report.realFloor.fid}`);
  assert.ok(report.realFloor.precision > 0.5 && report.realFloor.recall > 0.5, JSON.stringify(report.realFloor));
  assert.ok(report.samples.recall < report.realFloor.recall, JSON.stringify(report.samples));
  assert.is(report.samples.histogram.reduce((a, b) => a + b, 0), 300);
});

test('an impossible count is a usage error (exit 2), a folder without checkpoints an error (exit 1), each with the reason', () => {
  const tooMany = runCli(['eval', run, '-n', '20000', '--backend', 'cpu']);
  assert.is(tooMany.status, 2);
  assert.match(tooMany.stderr, /-n must be a whole number from 4 to 10000 \(the test split's size\), got 20000/);
  const missing = runCli(['eval', `${run}/nothing-here`, '-n', '10', '--backend', 'cpu']);
  assert.is(missing.status, 1);
  assert.match(missing.stderr, /nothing-here does not exist/);
});

test.run();
