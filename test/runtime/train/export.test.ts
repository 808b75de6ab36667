import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../runtime/backends/index.js';
import { exportGenerator } from '../../../runtime/checkpoint/export.js';
import { toFloat16Bits } from '../../../runtime/checkpoint/float16.js';
import { loadModelFolder } from '../../../runtime/checkpoint/model-files.js';
import { runTrainer } from '../../../runtime/index.js';
import { captured } from './capture.js';
import { seedAProgram } from './programs.js';

const temp = () => mkdtempSync(join(tmpdir(), 'ganc-export-'));

test('float16 bits: exact values, rounding to even, overflow, underflow, subnormals, NaN', () => {
  const cases: [number, number][] = [
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff],
    [65520, 0x7c00], // rounds up past the largest half: infinity
    [1e-8, 0x0000],
    [2 ** -24, 0x0001], // the smallest subnormal
    [2 ** -15, 0x0200],
    [1 + 2 ** -11, 0x3c00], // halfway between 1 and the next half: to even
    [1 + 3 * 2 ** -11, 0x3c02],
    [Infinity, 0x7c00],
  ];
  const bits = toFloat16Bits(Float32Array.from(cases.map(([value]) => value)));
  cases.forEach(([value, expected], i) => assert.is(bits[i], expected, `${value}`));
  assert.is(toFloat16Bits(Float32Array.of(NaN))[0] & 0x7c00, 0x7c00);
  assert.ok(toFloat16Bits(Float32Array.of(NaN))[0] & 0x3ff);
});

test('an exported generator is half the size and draws the same images to float16 precision', async () => {
  await selectBackend('cpu');
  const run = temp();
  const trained = await captured(() => runTrainer(seedAProgram(), ['--backend', 'cpu', '--out', run, '--limit', '32', '--steps', '2']));
  assert.is(trained.exitCode, 0, trained.stderr);
  const out = join(temp(), 'export');
  const result = exportGenerator(run, out);
  assert.is(result.bytesAfter * 2, result.bytesBefore);
  assert.equal(readdirSync(out).sort(), ['generator', 'manifest.json', 'state.json']);
  assert.is(statSync(join(out, 'generator', 'weights.bin')).size, result.bytesAfter);

  const z = tf.randomNormal([4, 100], 0, 1, 'float32', 1);
  const original = await ((await loadModelFolder(join(result.checkpoint, 'generator'))).predict(z) as tf.Tensor).data();
  const exported = await ((await loadModelFolder(join(out, 'generator'))).predict(z) as tf.Tensor).data();
  let worst = 0;
  for (let i = 0; i < original.length; i++) worst = Math.max(worst, Math.abs(original[i] - exported[i]));
  assert.ok(worst > 0 && worst < 1e-2, `largest pixel difference ${worst}`);
  assert.throws(() => exportGenerator(run, out), /is not empty: export into a new folder/);
});

test('export refuses a source that is not a checkpoint', () => {
  const run = temp();
  assert.throws(() => exportGenerator(run, join(temp(), 'x')), /neither a checkpoint folder/);
});

test.run();
