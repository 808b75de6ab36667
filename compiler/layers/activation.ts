import { noParameters, type LayerKind } from './kind.js';
import { noOptions } from '../settings/variant.js';
import type { ValueRange } from './range.js';

/**
 * The parameter-free activations that tfjs spells `tf.layers.activation({ activation })`
 * (tanh, sigmoid): one definition, one file per kind naming it and its range.
 */
export function namedActivation(name: 'tanh' | 'sigmoid', summary: string, range: ValueRange, examples: LayerKind['examples']): LayerKind {
  return {
    name,
    summary,
    positional: [],
    schema: noOptions,
    examples,
    range: () => range,
    outputShape: (input) => input,
    parameters: () => noParameters,
    tfjs: () => [{ factory: 'tf.layers.activation', config: { activation: name } }],
    graph: (b, x) => (name === 'tanh' ? b.tanh(x) : b.sigmoid(x)),
  };
}
