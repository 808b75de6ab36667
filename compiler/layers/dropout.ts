import { noParameters, type LayerKind } from './kind.js';
import { dropout as dropoutGraph } from '../graph/nn/dropout.js';

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
  // The activation before it still decides what the values mean (sigmoid outputs stay probabilities).
  examples: [{ input: [7, 7, 3], options: { rate: 0.3 } }],
  range: () => 'preserves',
  outputShape: (input) => input,
  parameters: () => noParameters,
  // The runtime's dropout draws its masks from the run's seeded randomness (tfjs's reseeds from Math.random).
  tfjs: (_input, options) => [{ factory: 'gan.dropout', config: { rate: options.rate } }],
  graph: (b, x, _input, options, context) => dropoutGraph(b, x, { rate: options.rate }, context),
};
