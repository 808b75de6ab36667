import type { GraphBuilder, Tensor } from '../builder.js';
import type { CallContext } from './context.js';

/**
 * label_embed as the emitter builds it: an embedding [classes, size] (tfjs `embeddings`) looked
 * up by the class label, reshaped to [h, w, size] for images, joined on the last axis.
 */
export function joinLabel(b: GraphBuilder, x: Tensor, options: { classes: number; embeddingSize: number; reshape?: readonly number[] }, context: CallContext): Tensor {
  if (!context.labels) throw new Error(`label join at ${b.site}: the network is conditional but the call has no labels`);
  const table = b.param('embeddings', [options.classes, options.embeddingSize]);
  const rows = b.gather(table, context.labels);
  const label = options.reshape ? b.reshape(rows, [x.shape[0], ...options.reshape]) : rows;
  return b.concat([x, label], x.shape.length - 1);
}
