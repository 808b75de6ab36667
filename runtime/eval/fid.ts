import { trace } from './matrix.js';
import { traceSqrtProduct } from './sqrtm.js';
import type { SquareMatrix } from './symmetric-eigen.js';

/**
 * Fréchet distance between Gaussians fitted to two feature sets (Heusel et al. 2017):
 * |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr(sqrtm(S1 S2)).
 */

export interface FeatureStatistics {
  mean: Float64Array;
  /** Unbiased (n - 1) covariance. */
  covariance: SquareMatrix;
  count: number;
}

/** Mean and covariance of `count` rows of `size` features, row-major. */
export function featureStatistics(features: ArrayLike<number>, count: number, size: number): FeatureStatistics {
  if (features.length !== count * size) {
    throw new Error(`${count} rows of ${size} features need ${count * size} values, got ${features.length}`);
  }
  if (count < 2) throw new Error(`a covariance needs at least 2 rows, got ${count}`);
  const mean = new Float64Array(size);
  for (let r = 0; r < count; r++) for (let j = 0; j < size; j++) mean[j] += features[r * size + j];
  for (let j = 0; j < size; j++) mean[j] /= count;
  const cov = new Float64Array(size * size);
  const centred = new Float64Array(size);
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < size; j++) centred[j] = features[r * size + j] - mean[j];
    for (let i = 0; i < size; i++) {
      const ci = centred[i];
      if (ci === 0) continue;
      for (let j = i; j < size; j++) cov[i * size + j] += ci * centred[j];
    }
  }
  for (let i = 0; i < size; i++) {
    for (let j = i; j < size; j++) {
      const value = cov[i * size + j] / (count - 1);
      cov[i * size + j] = value;
      cov[j * size + i] = value;
    }
  }
  return { mean, covariance: { size, data: cov }, count };
}

export function frechetDistance(a: FeatureStatistics, b: FeatureStatistics): number {
  if (a.mean.length !== b.mean.length) {
    throw new Error(`cannot compare statistics of ${a.mean.length} features with statistics of ${b.mean.length}`);
  }
  let meanTerm = 0;
  for (let j = 0; j < a.mean.length; j++) meanTerm += (a.mean[j] - b.mean[j]) ** 2;
  const value = meanTerm + trace(a.covariance) + trace(b.covariance) - 2 * traceSqrtProduct(a.covariance, b.covariance);
  // Rounding can take an exact zero slightly below it.
  return Math.max(value, 0);
}
