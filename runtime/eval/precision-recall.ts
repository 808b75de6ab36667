import * as tf from '@tensorflow/tfjs';

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019). Each feature set approximates its
 * manifold by balls around its points, each ball reaching the point's k-th nearest neighbour in
 * its own set. Precision: the fraction of samples inside the real manifold (are samples
 * realistic?). Recall: the fraction of real points inside the sample manifold (is the real
 * variety covered?). Distances are computed in row blocks on the tfjs backend.
 */

export const DEFAULT_NEIGHBOURS = 3;
const BLOCK_ROWS = 1000;

export interface PrecisionRecall {
  precision: number;
  recall: number;
}

/** Squared distances between rows of `a` [m, d] and rows of `b` [n, d]: [m, n], never negative. */
function squaredDistances(a: tf.Tensor2D, b: tf.Tensor2D, bNorms: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const aNorms = a.square().sum(1).reshape([-1, 1]);
    const cross = tf.matMul(a, b, false, true);
    return aNorms.add(bNorms.reshape([1, -1])).sub(cross.mul(2)).relu() as tf.Tensor2D;
  });
}

function forEachBlock(points: tf.Tensor2D, visit: (block: tf.Tensor2D, start: number) => void): void {
  const count = points.shape[0];
  for (let start = 0; start < count; start += BLOCK_ROWS) {
    const block = points.slice([start, 0], [Math.min(BLOCK_ROWS, count - start), -1]);
    visit(block, start);
    block.dispose();
  }
}

/** Squared distance of each point to its k-th nearest other point of the same set. */
export function squaredKnnRadii(points: tf.Tensor2D, k: number): Float32Array {
  const count = points.shape[0];
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
  if (count <= k) throw new Error(`k-nearest-neighbour radii with k = ${k} need more than ${k} points, got ${count}`);
  const radii = new Float32Array(count);
  const norms = tf.tidy(() => points.square().sum(1) as tf.Tensor1D);
  forEachBlock(points, (block, start) => {
    const kth = tf.tidy(() => {
      // The nearest k + 1 include the point itself, at distance 0.
      const nearest = tf.topk(squaredDistances(block, points, norms).neg(), k + 1).values;
      return nearest.slice([0, k], [-1, 1]).neg().dataSync();
    });
    radii.set(kth, start);
  });
  norms.dispose();
  return radii;
}

/** Fraction of `queries` inside at least one ball (centre in `centres`, squared radius in `squaredRadii`). */
export function fractionInside(queries: tf.Tensor2D, centres: tf.Tensor2D, squaredRadii: Float32Array): number {
  if (squaredRadii.length !== centres.shape[0]) {
    throw new Error(`${centres.shape[0]} ball centres need as many radii, got ${squaredRadii.length}`);
  }
  const norms = tf.tidy(() => centres.square().sum(1) as tf.Tensor1D);
  const radii = tf.tensor2d(squaredRadii, [1, squaredRadii.length]);
  let inside = 0;
  forEachBlock(queries, (block) => {
    inside += tf.tidy(() => squaredDistances(block, centres, norms).lessEqual(radii).any(1).sum().dataSync()[0]);
  });
  tf.dispose([norms, radii]);
  return inside / queries.shape[0];
}

/** `real` and `fake`: [n, features] each. */
export function precisionRecall(real: tf.Tensor2D, fake: tf.Tensor2D, k = DEFAULT_NEIGHBOURS): PrecisionRecall {
  if (real.shape[1] !== fake.shape[1]) {
    throw new Error(`real features have ${real.shape[1]} dimensions, sample features ${fake.shape[1]}`);
  }
  return {
    precision: fractionInside(fake, real, squaredKnnRadii(real, k)),
    recall: fractionInside(real, fake, squaredKnnRadii(fake, k)),
  };
}
