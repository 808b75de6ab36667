import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classFigures, klFromUniform } from '../../../runtime/eval/class-histogram.js';

/** Rows of probabilities: `confidence` on `label`, the rest spread over the other classes. */
function rows(labels: number[], classes: number, confidence: number): Float32Array {
  const out = new Float32Array(labels.length * classes).fill((1 - confidence) / (classes - 1));
  labels.forEach((label, r) => (out[r * classes + label] = confidence));
  return out;
}

test('a balanced, confident set covers every class with KL 0', () => {
  const labels = Array.from({ length: 100 }, (_, i) => i % 10);
  const figures = classFigures(rows(labels, 10, 0.99), 10);
  assert.is(figures.covered, 10);
  assert.equal(figures.histogram, new Array(10).fill(10));
  assert.ok(Math.abs(figures.klFromUniform) < 1e-12);
});

test('a collapsed set covers one class with KL ln(10)', () => {
  const figures = classFigures(rows(new Array(50).fill(3), 10, 0.95), 10);
  assert.is(figures.covered, 1);
  assert.ok(Math.abs(figures.klFromUniform - Math.log(10)) < 1e-12);
});

test('classes predicted only without confidence are not covered', () => {
  const confident = rows([0, 1, 2, 3], 10, 0.95);
  const unsure = rows([4, 5, 6, 7, 8, 9], 10, 0.6);
  const probabilities = new Float32Array([...confident, ...unsure]);
  const figures = classFigures(probabilities, 10);
  assert.is(figures.covered, 4);
  assert.equal(figures.histogram, new Array(10).fill(1));
});

test('KL of a crafted histogram: half the mass in each of two of four classes', () => {
  // p = (1/2, 1/2, 0, 0): KL = 2 * 1/2 * ln(1/2 * 4) = ln 2.
  assert.ok(Math.abs(klFromUniform([5, 5, 0, 0]) - Math.log(2)) < 1e-12);
  // p = (1/2, 1/4, 1/4, 0) over 4 classes: 1/2 ln 2 + 2 * 1/4 ln 1 = ln(2) / 2.
  assert.ok(Math.abs(klFromUniform([2, 1, 1, 0]) - Math.log(2) / 2) < 1e-12);
});

test('bad input is refused with the reason', () => {
  assert.throws(() => classFigures(new Float32Array(7), 10), /do not split into rows of 10/);
  assert.throws(() => klFromUniform([0, 0]), /empty/);
});

test.run();
