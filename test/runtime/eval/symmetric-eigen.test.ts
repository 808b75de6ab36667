import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRng } from '../../../runtime/random.js';
import { symmetricEigen, type SquareMatrix } from '../../../runtime/eval/symmetric-eigen.js';

function randomSymmetric(n: number, seed: number): SquareMatrix {
  const rng = createRng(seed);
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = rng.normal();
      data[i * n + j] = x;
      data[j * n + i] = x;
    }
  }
  return { size: n, data };
}

test('eigenvalues of a 2x2 matrix with a known spectrum', () => {
  const { values } = symmetricEigen({ size: 2, data: Float64Array.of(2, 1, 1, 2) });
  const sorted = Array.from(values).sort((a, b) => a - b);
  assert.ok(Math.abs(sorted[0] - 1) < 1e-14 && Math.abs(sorted[1] - 3) < 1e-14, `got ${sorted}`);
});

test('A v = lambda v for every pair, and V is orthonormal, on a random 40x40 matrix', () => {
  const n = 40;
  const a = randomSymmetric(n, 7);
  const { values, vectors } = symmetricEigen(a);
  let worstResidual = 0;
  let worstOrthogonality = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += a.data[i * n + k] * vectors.data[k * n + j];
      worstResidual = Math.max(worstResidual, Math.abs(av - values[j] * vectors.data[i * n + j]));
    }
    for (let l = 0; l < n; l++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += vectors.data[k * n + j] * vectors.data[k * n + l];
      worstOrthogonality = Math.max(worstOrthogonality, Math.abs(dot - (j === l ? 1 : 0)));
    }
  }
  assert.ok(worstResidual < 1e-10, `residual ${worstResidual}`);
  assert.ok(worstOrthogonality < 1e-12, `orthogonality error ${worstOrthogonality}`);
});

test('a diagonal matrix is returned as is', () => {
  const { values } = symmetricEigen({ size: 3, data: Float64Array.of(5, 0, 0, 0, -2, 0, 0, 0, 0) });
  assert.equal(Array.from(values), [5, -2, 0]);
});

test('an asymmetric or non-finite matrix is refused with the reason', () => {
  assert.throws(() => symmetricEigen({ size: 2, data: Float64Array.of(1, 2, 3, 4) }), /not symmetric: entry \(0, 1\)/);
  assert.throws(() => symmetricEigen({ size: 2, data: Float64Array.of(1, NaN, NaN, 4) }), /non-finite/);
  assert.throws(() => symmetricEigen({ size: 2, data: Float64Array.of(1, 2, 3) }), /needs 4 entries/);
});

test.run();
