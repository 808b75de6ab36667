import type { Tensor } from '../builder.js';

/** What a layer's lowering knows about the call it is part of. */
export interface CallContext {
  /** Training mode: batch statistics, dropout on, power iterations run. */
  training: boolean;
  /** Class labels i32 [B] of a conditional network's batch. */
  labels?: Tensor;
}

/**
 * A layer, loss or optimizer whose options the compiled step cannot express (a wrapper around a
 * layer without a lowering). Spec-driven lowering turns it into a located diagnostic (GAN0802).
 */
export class GraphLoweringError extends Error {}
