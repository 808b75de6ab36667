import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRng } from '../../../runtime/random.js';
import { featureStatistics, frechetDistance } from '../../../runtime/eval/fid.js';
import { multiply } from '../../../runtime/eval/matrix.js';
import { sqrtmPsd, traceSqrtProduct } from '../../../runtime/eval/sqrtm.js';
import type { SquareMatrix } from '../../../runtime/eval/symmetric-eigen.js';

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);

function gaussianRows(count: number, size: number, seed: number, scale: (j: number) => number, shift = 0): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: count * size }, (_, i) => shift + scale(i % size) * rng.normal());
}

test('sqrtm of [[5, 4], [4, 5]] is [[2, 1], [1, 2]]', () => {
  const root = sqrtmPsd({ size: 2, data: Float64Array.of(5, 4, 4, 5) });
  [2, 1, 1, 2].forEach((expected, i) => close(root.data[i], expected, 1e-13));
});

test('sqrtm(A) squared gives back a random 30x30 covariance', () => {
  const stats = featureStatistics(gaussianRows(200, 30, 3, () => 1), 200, 30);
  const root = sqrtmPsd(stats.covariance);
  const square = multiply(root, root);
  const worst = square.data.reduce((max, x, i) => Math.max(max, Math.abs(x - stats.covariance.data[i])), 0);
  assert.ok(worst < 1e-10, `worst error ${worst}`);
});

test('tr sqrtm(S1 S2) matches the diagonal closed form sum sqrt(a_i b_i)', () => {
  const s1: SquareMatrix = { size: 3, data: Float64Array.of(4, 0, 0, 0, 9, 0, 0, 0, 1) };
  const s2: SquareMatrix = { size: 3, data: Float64Array.of(1, 0, 0, 0, 4, 0, 0, 0, 16) };
  close(traceSqrtProduct(s1, s2), 2 + 6 + 4, 1e-12);
});

test('a matrix with a clearly negative eigenvalue is not a covariance', () => {
  assert.throws(() => sqrtmPsd({ size: 2, data: Float64Array.of(1, 2, 2, 1) }), /not positive semi-definite/);
});

test('FID of a feature set with itself is ~0', () => {
  const rows = gaussianRows(500, 64, 11, (j) => 1 + j / 32);
  const stats = featureStatistics(rows, 500, 64);
  close(frechetDistance(stats, stats), 0, 1e-8);
});

test('FID of a set and the same set shifted by delta is |delta|^2', () => {
  const size = 16;
  const rows = gaussianRows(300, size, 5, () => 2);
  const shifted = rows.map((x, i) => x + (i % size === 3 ? 1.5 : i % size === 7 ? -2 : 0));
  const fid = frechetDistance(featureStatistics(rows, 300, size), featureStatistics(shifted, 300, size));
  close(fid, 1.5 ** 2 + 2 ** 2, 1e-8);
});

test('FID of two Gaussians matches |mu1 - mu2|^2 + sum (sigma1 - sigma2)^2 for diagonal covariances', () => {
  const size = 8;
  const mean = (shift: number): Float64Array => new Float64Array(size).fill(shift);
  const diagonalCov = (sigma: (j: number) => number): SquareMatrix => {
    const data = new Float64Array(size * size);
    for (let j = 0; j < size; j++) data[j * size + j] = sigma(j) ** 2;
    return { size, data };
  };
  const a = { mean: mean(0), covariance: diagonalCov((j) => 1 + j), count: 1000 };
  const b = { mean: mean(0.5), covariance: diagonalCov((j) => 2 + 0.5 * j), count: 1000 };
  let expected = size * 0.25;
  for (let j = 0; j < size; j++) expected += (1 + j - (2 + 0.5 * j)) ** 2;
  close(frechetDistance(a, b), expected, 1e-9);
});

test('sampled Gaussians approach the closed form as the sample grows', () => {
  const size = 4;
  const a = featureStatistics(gaussianRows(20000, size, 1, () => 1), 20000, size);
  const b = featureStatistics(gaussianRows(20000, size, 2, () => 2, 1), 20000, size);
  // |mu1 - mu2|^2 = 4 * 1, sum (sigma1 - sigma2)^2 = 4 * 1.
  close(frechetDistance(a, b), 8, 0.15);
});

test('featureStatistics refuses data that does not fit the stated shape', () => {
  assert.throws(() => featureStatistics(new Float64Array(10), 3, 4), /3 rows of 4 features need 12 values, got 10/);
  assert.throws(() => featureStatistics(new Float64Array(4), 1, 4), /at least 2 rows/);
});

test.run();
