import type { GraphBuilder, Tensor } from '../builder.js';
import type { CallContext } from './context.js';

/**
 * Inverted dropout, x * mask / (1 - rate), the mask drawn from Philox at the call's site (its
 * scope path), so the tfjs path can draw the same mask with the JS Philox.
 */
export function dropout(b: GraphBuilder, x: Tensor, options: { rate: number }, context: CallContext): Tensor {
  if (!context.training || options.rate === 0) return x;
  const keep = b.cast(b.greaterEqual(b.random('uniform', x.shape, b.site), options.rate), 'f32');
  return b.div(b.mul(x, keep), 1 - options.rate);
}
