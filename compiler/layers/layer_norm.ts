import type { LayerKind } from './kind.js';
import { lastAxis } from './input-rank.js';

type LayerNormOptions = { eps: number };

export const layerNorm: LayerKind<LayerNormOptions> = {
  name: 'layer_norm',
  summary: 'layer normalisation over the last axis',
  positional: [],
  schema: {
    type: 'object',
    properties: {
      eps: { type: 'number', exclusiveMinimum: 0, default: 1e-5 },
    },
    additionalProperties: false,
  },
  outputShape(input) {
    return input;
  },
  parameters(input) {
    return { trainable: 2 * lastAxis(input), nonTrainable: 0 };
  },
  emit(_input, options) {
    return [{ op: 'layer', factory: 'tf.layers.layerNormalization', config: { axis: -1, epsilon: options.eps } }];
  },
};
