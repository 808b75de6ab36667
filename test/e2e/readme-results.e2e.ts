import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../runtime/backends/index.js';
import { evaluateCheckpoint } from '../../runtime/eval/evaluate.js';

const root = join(__dirname, '..', '..');

/** The README results row whose samples live in docs/results/<name>/: FID, classes, precision, recall. */
function readmeRow(name: string): { fid: string; classes: string; precision: string; recall: string } {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const row = readme.split('\n').find((line) => line.startsWith('|') && line.includes(`docs/results/${name}/samples.png`));
  if (!row) throw new Error(`README.md has no results row for docs/results/${name}`);
  const cells = row.split('|').map((cell) => cell.trim());
  // | spec | epochs | backend | time | images/s | FID | classes | precision | recall | samples |
  return { fid: cells[6], classes: cells[7], precision: cells[8], recall: cells[9] };
}

// One row, the conditional GAN, keeps this at about a minute; the others are reproduced the same way.
test('ganc eval of the committed cGAN generator gives the README row, n = 10000', async () => {
  await selectBackend('wasm');
  const report = await evaluateCheckpoint(join(root, 'docs', 'results', 'cgan_mnist'), { dataset: 'mnist', count: 10000, seed: 0 });
  const { samples } = report;
  assert.equal(readmeRow('cgan_mnist'), {
    fid: samples.fid.toFixed(2),
    classes: `${samples.covered}/${samples.classes}`,
    precision: samples.precision.toFixed(3),
    recall: samples.recall.toFixed(3),
  });
});

test.run();
