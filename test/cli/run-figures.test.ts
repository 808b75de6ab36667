import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BLUE, FAKE_BARS, ORANGE, readFigure, REAL_BARS } from '../runtime/images/figure.js';
import { readMetrics } from '../runtime/train/capture.js';
import { runCli } from './run-cli.js';

/**
 * What `ganc train` leaves for people to look at, through the real CLI and trainer: the loss
 * plot and a histogram of D's outputs per epoch (PNGs of the expected size, drawn on), and
 * metrics.csv beside metrics.jsonl (the same records, a header), kept in step by a resume.
 */

const scratch = mkdtempSync(join(tmpdir(), 'ganc-figures-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

// 64 images in batches of 32: two iterations an epoch.
const small = ['--limit', '64', '--batch-size', '32', '--backend', 'cpu'];
const train = (spec: string, out: string, ...flags: string[]) => {
  const run = runCli(['train', spec, ...small, '--out', out, ...flags], { timeoutMs: 300_000 });
  assert.is(run.status, 0, run.stderr);
  return run;
};

function csvRows(folder: string): { header: string[]; rows: string[][] } {
  const text = readFileSync(join(folder, 'metrics.csv'), 'utf8');
  assert.ok(text.endsWith('\n'), 'every row ends its line');
  const [header, ...rows] = text.trimEnd().split('\n').map((line) => line.split(','));
  return { header, rows };
}

/** Each CSV row holds the JSON line's record of the same step, column for column. */
function assertCsvMatchesJsonl(folder: string): number[] {
  const { header, rows } = csvRows(folder);
  assert.equal(header, ['epoch', 'epochs', 'iteration', 'iterations', 'step', 'lossD', 'lossG', 'dReal', 'dFakeBefore', 'dFakeAfter', 'accuracyReal', 'accuracyFake']);
  const records = readMetrics(readFileSync(join(folder, 'metrics.jsonl'), 'utf8'));
  assert.is(rows.length, records.length, 'one CSV row per logged step');
  rows.forEach((row, i) => {
    const record = records[i] as unknown as Record<string, number | string>;
    assert.equal(row, header.map((column) => String(record[column])), `row ${i + 1}`);
  });
  return rows.map((row) => Number(row[4]));
}

test('ganc train: losses.png and one D-output histogram per epoch, drawn at 800x480; metrics.csv as metrics.jsonl', () => {
  const out = join(scratch, 'seed-a');
  train('specs/seed_a_mlp.gan', out, '--epochs', '2');
  const files = readdirSync(out);
  assert.ok(['d_hist_epoch_0001.png', 'd_hist_epoch_0002.png', 'losses.png', 'metrics.csv', 'metrics.jsonl'].every((f) => files.includes(f)), files.join(', '));

  const losses = readFigure(readFileSync(join(out, 'losses.png')), [BLUE, ORANGE]);
  assert.equal([losses.width, losses.height], [800, 480]);
  assert.ok(losses.colours > 20, `losses.png uses ${losses.colours} colours`);
  assert.ok(losses.near.every((n) => n > 30), `D and G curves: ${losses.near.join(', ')} pixels`);
  for (const name of ['d_hist_epoch_0001.png', 'd_hist_epoch_0002.png']) {
    const histogram = readFigure(readFileSync(join(out, name)), [REAL_BARS, FAKE_BARS]);
    assert.equal([histogram.width, histogram.height], [800, 480]);
    assert.ok(histogram.colours > 20, `${name} uses ${histogram.colours} colours`);
    assert.ok(histogram.near.every((n) => n > 100), `${name}: real and fake bars, ${histogram.near.join(', ')} pixels`);
  }
  // Logged: each epoch's last iteration (log_every is 100), so steps 2 and 4.
  assert.equal(assertCsvMatchesJsonl(out), [2, 4]);
});

test('a resumed run drops the CSV rows after its checkpoint and a cut-short last row, then goes on writing both files alike', () => {
  const out = join(scratch, 'resumed');
  train('specs/seed_a_mlp.gan', out, '--epochs', '1');
  assert.equal(assertCsvMatchesJsonl(out), [2]);
  // As a run killed after its checkpoint would leave them: a record past it, then a line cut short.
  appendFileSync(join(out, 'metrics.jsonl'), '{"epoch":2,"epochs":2,"iteration":1,"iterations":2,"step":3,"lossD":1,"lossG":1,"dReal":0.5,"dFakeBefore":0.5,"dFakeAfter":0.5,"accuracyReal":0.5,"accuracyFake":0.5}\n{"epoch":2,"ite');
  appendFileSync(join(out, 'metrics.csv'), '2,2,1,2,3,1,1,0.5,0.5,0.5,0.5,0.5\n2,2,2,2,4,0.69');
  train('specs/seed_a_mlp.gan', out, '--resume', '--epochs', '2');
  assert.equal(assertCsvMatchesJsonl(out), [2, 4]);
  assert.ok(readdirSync(out).includes('d_hist_epoch_0002.png'));
});

test.run();
