import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../cli/run-cli.js';
import { FAKE_BARS, readFigure, REAL_BARS } from '../runtime/images/figure.js';
import { testDevice } from './gpu.js';

// The compiled executor keeps D's scores on its device: its epoch-end histogram comes from a
// forward pass of the synced tfjs D over the epoch's last real batch and G's fixed-noise samples.

const scratch = mkdtempSync(join(tmpdir(), 'ganc-compiled-hist-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.before(async () => {
  await testDevice(); // sets VK_ICD_FILENAMES to SwiftShader where no GPU driver is named
});

test('--executor compiled: a whole epoch writes d_hist_epoch_0001.png with real and fake bars', () => {
  const out = join(scratch, 'epoch');
  const args = ['train', 'test/fixtures/compiled/tiny_mlp.gan', '--executor', 'compiled', '--backend', 'cpu', '--limit', '16', '--out', out];
  const result = runCli(args, { timeoutMs: 300_000 });
  assert.is(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const histogram = readFigure(readFileSync(join(out, 'd_hist_epoch_0001.png')), [REAL_BARS, FAKE_BARS]);
  assert.equal([histogram.width, histogram.height], [800, 480]);
  assert.ok(histogram.near.every((n) => n > 100), `real and fake bars: ${histogram.near.join(', ')} pixels`);
});

test.run();
