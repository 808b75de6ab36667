import * as tf from '@tensorflow/tfjs';

/**
 * Zero gradients for the comparison ops. TensorFlow treats them as not differentiable (their
 * value is piecewise constant); tfjs 4.22 registers no gradient at all, so a second-order
 * gradient through a layer whose gradient compares (leaky_relu's gradient uses `greater`)
 * fails with "gradient function not found for Greater". The Wasserstein gradient penalty is
 * exactly such a gradient of a gradient, on every backend.
 */
const COMPARISONS = [tf.Greater, tf.GreaterEqual, tf.Less, tf.LessEqual, tf.Equal, tf.NotEqual];

export function registerComparisonGradients(): void {
  for (const kernelName of COMPARISONS) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => {
        const [a, b] = saved as tf.Tensor[];
        // float32 whatever the inputs' dtype: tfjs requires float gradients.
        return { a: () => tf.zeros(a.shape), b: () => tf.zeros(b.shape) };
      },
    });
  }
}
