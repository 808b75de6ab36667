import type { GraphBuilder, Tensor } from '../builder.js';

export interface DenseOptions {
  units: number;
  bias?: boolean;
  /** Applied to the kernel after kernel and bias are declared (spectral norm, whose u follows them). */
  transformKernel?: KernelTransform;
}

/** What a wrapper does to a layer's kernel before the layer uses it. */
export type KernelTransform = (kernel: Tensor, facts: { outputs: number; transposed: boolean }) => Tensor;

/** tf.layers.dense: x [B, in] @ kernel [in, units] (+ bias [units]). */
export function dense(b: GraphBuilder, x: Tensor, options: DenseOptions): Tensor {
  if (x.shape.length !== 2) throw new Error(`dense at ${b.site}: expects [batch, features], got rank ${x.shape.length}`);
  const declared = b.param('kernel', [x.shape[1] as number, options.units]);
  const bias = options.bias === false ? undefined : b.param('bias', [options.units]);
  const kernel = options.transformKernel ? options.transformKernel(declared, { outputs: options.units, transposed: false }) : declared;
  const y = b.matmul(x, kernel);
  return bias === undefined ? y : b.add(y, bias);
}
