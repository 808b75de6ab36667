import { multiply, symmetrize } from './matrix.js';
import { symmetricEigen, type SquareMatrix } from './symmetric-eigen.js';

/**
 * Square roots of positive semi-definite matrices, through the symmetric eigendecomposition.
 * Covariances estimated from samples are PSD in exact arithmetic; rounding can leave
 * eigenvalues slightly below zero, which are taken as zero. A clearly negative eigenvalue
 * means the input is not a covariance, and is an error.
 */

const NEGATIVE_TOLERANCE = 1e-9;

function nonNegativeEigenvalues(values: Float64Array, what: string): Float64Array {
  const largest = values.reduce((max, x) => Math.max(max, Math.abs(x)), 0);
  return values.map((x) => {
    if (x < -NEGATIVE_TOLERANCE * Math.max(largest, 1)) {
      throw new Error(`${what} is not positive semi-definite: it has eigenvalue ${x} (largest magnitude ${largest})`);
    }
    return Math.max(x, 0);
  });
}

/** The PSD square root R of a PSD matrix A: R R = A, R symmetric. */
export function sqrtmPsd(a: SquareMatrix): SquareMatrix {
  const { values, vectors } = symmetricEigen(a);
  const roots = nonNegativeEigenvalues(values, 'the matrix').map(Math.sqrt);
  const n = a.size;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += vectors.data[i * n + k] * roots[k] * vectors.data[j * n + k];
      out[i * n + j] = sum;
      out[j * n + i] = sum;
    }
  }
  return { size: n, data: out };
}

/**
 * tr(sqrtm(S1 S2)) for PSD S1, S2. S1 S2 is not symmetric, but it is similar to
 * sqrt(S1) S2 sqrt(S1), which is symmetric PSD: the same eigenvalues, so the same trace of
 * the square root, computed stably by a symmetric eigendecomposition.
 */
export function traceSqrtProduct(s1: SquareMatrix, s2: SquareMatrix): number {
  const root = sqrtmPsd(s1);
  const middle = symmetrize(multiply(multiply(root, s2), root));
  const values = nonNegativeEigenvalues(symmetricEigen(middle).values, 'sqrt(S1) S2 sqrt(S1)');
  return values.reduce((sum, x) => sum + Math.sqrt(x), 0);
}
