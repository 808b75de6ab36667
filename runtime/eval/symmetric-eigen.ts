/**
 * Eigendecomposition of a real symmetric matrix by the cyclic Jacobi method: repeated plane
 * rotations, each zeroing one off-diagonal pair, until the off-diagonal part is negligible.
 * Chosen over QR-based methods for its simplicity and its accuracy on small eigenvalues (which
 * matter for covariance square roots); at the 64-128 dimensions of classifier features it takes
 * milliseconds. No maintained eigensolver is installed here (tfjs has none).
 */

/** A dense square matrix, row-major. */
export interface SquareMatrix {
  size: number;
  data: Float64Array;
}

export interface SymmetricEigen {
  /** Eigenvalues, unsorted. */
  values: Float64Array;
  /** Eigenvectors as columns: column j (entries data[i * size + j]) belongs to values[j]. */
  vectors: SquareMatrix;
}

const MAX_SWEEPS = 60;

export function symmetricEigen(matrix: SquareMatrix): SymmetricEigen {
  const n = matrix.size;
  if (matrix.data.length !== n * n) {
    throw new Error(`a ${n}x${n} matrix needs ${n * n} entries, got ${matrix.data.length}`);
  }
  const a = Float64Array.from(matrix.data);
  let norm = 0;
  for (const x of a) {
    if (!Number.isFinite(x)) throw new Error('cannot decompose a matrix with non-finite entries');
    norm += x * x;
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const asymmetry = Math.abs(a[i * n + j] - a[j * n + i]);
      if (asymmetry > 1e-9 * Math.sqrt(norm)) {
        throw new Error(`the matrix is not symmetric: entry (${i}, ${j}) is ${a[i * n + j]}, entry (${j}, ${i}) is ${a[j * n + i]}`);
      }
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  // Rounding keeps the off-diagonal mass from reaching zero; this is where it stops mattering.
  const tolerance = (Number.EPSILON * Math.sqrt(norm)) ** 2;

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += 2 * a[i * n + j] ** 2;
    if (off <= tolerance) return { values: diagonal(a, n), vectors: { size: n, data: v } };
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // The rotation angle that zeroes a[p][q], taking the smaller root for stability.
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(a, v, n, p, q, c, s);
      }
    }
  }
  throw new Error(`the Jacobi eigendecomposition did not converge in ${MAX_SWEEPS} sweeps`);
}

/** A <- Jᵀ A J and V <- V J, for the rotation J in the (p, q) plane. */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p];
    const akq = a[k * n + q];
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k];
    const aqk = a[q * n + k];
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  a[p * n + q] = 0;
  a[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p];
    const vkq = v[k * n + q];
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

function diagonal(a: Float64Array, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => a[i * n + i]);
}
