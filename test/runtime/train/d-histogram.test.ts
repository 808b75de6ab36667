import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runTrainer } from '../../../runtime/index.js';
import { FAKE_BARS, readFigure, REAL_BARS } from '../images/figure.js';
import { captured } from './capture.js';
import { wganGpProgram } from './programs.js';

const scratch = mkdtempSync(join(tmpdir(), 'ganc-d-hist-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

test("a WGAN-GP critic's raw scores get their histogram too, at each epoch's end", async () => {
  const out = join(scratch, 'critic');
  // 32 images in batches of 8, two critic steps a G step: two iterations an epoch.
  const run = await captured(() => runTrainer(wganGpProgram(), ['--backend', 'cpu', '--out', out, '--limit', '32', '--batch-size', '8', '--epochs', '2']));
  assert.is(run.exitCode, 0, run.stderr);
  assert.equal(readdirSync(out).filter((f) => f.startsWith('d_hist_')), ['d_hist_epoch_0001.png', 'd_hist_epoch_0002.png']);
  for (const name of ['d_hist_epoch_0001.png', 'd_hist_epoch_0002.png']) {
    const histogram = readFigure(readFileSync(join(out, name)), [REAL_BARS, FAKE_BARS]);
    assert.equal([histogram.width, histogram.height], [800, 480]);
    assert.ok(histogram.near.every((n) => n > 100), `${name}: real and fake bars, ${histogram.near.join(', ')} pixels`);
  }
});

test.run();
