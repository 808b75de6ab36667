import { initializerConfig, type LayerKind } from './kind.js';
import { initOption } from '../init/scheme.js';
import { expectVector } from './input-rank.js';
import { unbounded } from './range.js';
import { dense as denseGraph } from '../graph/nn/dense.js';

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
      init: initOption,
    },
    required: ['units'],
    additionalProperties: false,
  },
  normalisable: true,
  examples: [{ input: [20], options: { units: 10 } }, { input: [20], options: { units: 3, bias: false } }],
  range: () => unbounded,
  outputShape(input, options) {
    return expectVector('dense', input) ?? [options.units];
  },
  parameters(input, options) {
    return { trainable: input[0] * options.units + (options.bias ? options.units : 0), nonTrainable: 0 };
  },
  weights(input, options) {
    const fans = { layer: 'dense', fanIn: input[0], fanOut: options.units };
    return options.bias ? [{ role: 'kernel', ...fans }, { role: 'bias', ...fans }] : [{ role: 'kernel', ...fans }];
  },
  tfjs(_input, options, _context, init) {
    const initializers = initializerConfig(init, { kernel: 'kernelInitializer', bias: 'biasInitializer' });
    return [{ factory: 'tf.layers.dense', config: { units: options.units, useBias: options.bias, ...initializers }, weighted: true }];
  },
  graph: (b, x, _input, options, context) => denseGraph(b, x, { units: options.units, bias: options.bias, transformKernel: context.transformKernel }),
};
