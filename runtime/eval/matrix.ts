import type { SquareMatrix } from './symmetric-eigen.js';

/** The few dense-matrix operations FID needs, in float64. */

export function multiply(x: SquareMatrix, y: SquareMatrix): SquareMatrix {
  const n = x.size;
  if (y.size !== n) throw new Error(`cannot multiply a ${n}x${n} matrix by a ${y.size}x${y.size} one`);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const xik = x.data[i * n + k];
      if (xik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += xik * y.data[k * n + j];
    }
  }
  return { size: n, data: out };
}

/** (M + Mᵀ) / 2: removes the asymmetry rounding leaves in a product that is symmetric in exact arithmetic. */
export function symmetrize(m: SquareMatrix): SquareMatrix {
  const n = m.size;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = (m.data[i * n + j] + m.data[j * n + i]) / 2;
  }
  return { size: n, data: out };
}

export function trace(m: SquareMatrix): number {
  let sum = 0;
  for (let i = 0; i < m.size; i++) sum += m.data[i * m.size + i];
  return sum;
}
