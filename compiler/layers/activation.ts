import type { LayerKind } from './kind.js';

/**
 * The parameter-free activations that tfjs spells `tf.layers.activation({ activation })`
 * (tanh, sigmoid): one definition, one file per kind naming it.
 */
export function namedActivation(name: 'tanh' | 'sigmoid', summary: string): LayerKind {
  return {
    name,
    summary,
    positional: [],
    schema: { type: 'object', properties: {}, additionalProperties: false },
    outputShape(input) {
      return input;
    },
    parameters() {
      return { trainable: 0, nonTrainable: 0 };
    },
    emit() {
      return [{ op: 'layer', factory: 'tf.layers.activation', config: { activation: name } }];
    },
  };
}
