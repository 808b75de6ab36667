import type { GraphBuilder, Tensor } from '../builder.js';

export interface DenseOptions {
  units: number;
  bias?: boolean;
}

/** tf.layers.dense: x [B, in] @ kernel [in, units] (+ bias [units]). */
export function dense(b: GraphBuilder, x: Tensor, options: DenseOptions): Tensor {
  if (x.shape.length !== 2) throw new Error(`dense at ${b.site}: expects [batch, features], got rank ${x.shape.length}`);
  const kernel = b.param('kernel', [x.shape[1] as number, options.units]);
  const y = b.matmul(x, kernel);
  return options.bias === false ? y : b.add(y, b.param('bias', [options.units]));
}
