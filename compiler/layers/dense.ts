import type { LayerKind } from './kind.js';
import { expectVector } from './input-rank.js';

type DenseOptions = { units: number; bias: boolean };

export const dense: LayerKind<DenseOptions> = {
  name: 'dense',
  summary: 'fully connected layer on a vector [n] -> [units]',
  positional: ['units'],
  schema: {
    type: 'object',
    properties: {
      units: { type: 'integer', minimum: 1 },
      bias: { type: 'boolean', default: true },
    },
    required: ['units'],
    additionalProperties: false,
  },
  outputShape(input, options) {
    return expectVector('dense', input) ?? [options.units];
  },
  parameters(input, options) {
    return { trainable: input[0] * options.units + (options.bias ? options.units : 0), nonTrainable: 0 };
  },
  emit(_input, options) {
    return [{ op: 'layer', factory: 'tf.layers.dense', config: { units: options.units, useBias: options.bias } }];
  },
};
