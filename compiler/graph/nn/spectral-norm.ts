import type { GraphBuilder, Tensor } from '../builder.js';
import type { CallContext } from './context.js';

/**
 * Spectral normalisation of a kernel, as `runtime/layers/spectral-norm.ts` computes it: the
 * kernel as a [fan-in, outputs] matrix (a conv2dTranspose kernel [kh, kw, out, in] has its out
 * axis moved last first), v = normalize(W u) from the stored u, in training `iterations` power
 * iterations that store the new u, then kernel / (vᵀ W u) with u and v held constant.
 * Call after declaring the layer's kernel and bias so that u follows them, as in tfjs.
 */
export function spectralNormalize(b: GraphBuilder, kernel: Tensor, options: { outputs: number; iterations: number; transposed: boolean }, context: CallContext): Tensor {
  const u0 = b.param('u', [options.outputs], { trainable: false });
  const outputsLast = options.transposed ? b.transpose(kernel, [0, 1, 3, 2]) : kernel;
  const matrix = b.reshape(outputsLast, [-1, options.outputs]);
  const frozen = b.stopGradient(matrix);
  let u = b.reshape(u0, [options.outputs, 1]);
  let v = l2Normalize(b, b.matmul(frozen, u));
  if (context.training) {
    for (let i = 0; i < options.iterations; i++) {
      u = l2Normalize(b, b.matmul(frozen, v, { transposeA: true }));
      v = l2Normalize(b, b.matmul(frozen, u));
    }
    b.assign(u0, b.reshape(b.stopGradient(u), [options.outputs]));
  }
  const sigma = b.sum(b.mul(b.stopGradient(v), b.matmul(matrix, b.stopGradient(u))));
  return b.div(kernel, sigma);
}

/** x / (||x|| + 1e-12), as the runtime layer (and PyTorch's normalize) divides. */
function l2Normalize(b: GraphBuilder, x: Tensor): Tensor {
  return b.div(x, b.add(b.sqrt(b.sum(b.square(x))), 1e-12));
}
