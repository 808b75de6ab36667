import type { LayerKind } from './kind.js';

type DropoutOptions = { rate: number };

export const dropout: LayerKind<DropoutOptions> = {
  name: 'dropout',
  summary: 'randomly zeroes a fraction `rate` of the values while training',
  positional: ['rate'],
  schema: {
    type: 'object',
    properties: {
      rate: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
    },
    required: ['rate'],
    additionalProperties: false,
  },
  outputShape(input) {
    return input;
  },
  parameters() {
    return { trainable: 0, nonTrainable: 0 };
  },
  emit(_input, options) {
    return [{ op: 'layer', factory: 'tf.layers.dropout', config: { rate: options.rate } }];
  },
};
