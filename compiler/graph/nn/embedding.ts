import type { GraphBuilder, Tensor } from '../builder.js';
import type { CallContext } from './context.js';

/**
 * The `embedding` layer: the label's row of a table [classes, size of x] (tfjs `embeddings`),
 * shaped like x and multiplied into it.
 */
export function multiplyByLabelEmbedding(b: GraphBuilder, x: Tensor, options: { classes: number }, context: CallContext): Tensor {
  if (!context.labels) throw new Error(`label embedding at ${b.site}: the network is conditional but the call has no labels`);
  const size = x.shape.slice(1).reduce<number>((product, d) => product * (d as number), 1);
  const table = b.param('embeddings', [options.classes, size]);
  return b.mul(x, b.reshape(b.gather(table, context.labels), x.shape));
}
