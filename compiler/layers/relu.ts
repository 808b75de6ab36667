import { noParameters, type LayerKind } from './kind.js';
import { noOptions } from '../settings/variant.js';

export const relu: LayerKind = {
  name: 'relu',
  summary: 'rectified linear activation, max(x, 0)',
  positional: [],
  schema: noOptions,
  examples: [{ input: [12], options: {} }],
  range: () => ({ low: 0, high: Infinity }),
  outputShape: (input) => input,
  parameters: () => noParameters,
  tfjs: () => [{ factory: 'tf.layers.reLU', config: {} }],
  graph: (b, x) => b.relu(x),
};
