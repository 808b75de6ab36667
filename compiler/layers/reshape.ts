import { elementCount, formatShape } from '../shape.js';
import { noParameters, type LayerKind } from './kind.js';

type ReshapeOptions = { shape: readonly number[] };

export const reshape: LayerKind<ReshapeOptions> = {
  name: 'reshape',
  summary: 'rearranges the values into a new shape with the same element count, e.g. reshape(7, 7, 256)',
  positional: ['...shape'],
  schema: {
    type: 'object',
    properties: {
      shape: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, maxItems: 3 },
    },
    required: ['shape'],
    additionalProperties: false,
  },
  examples: [{ input: [12544], options: { shape: [7, 7, 256] } }, { input: [28, 28, 1], options: { shape: [784] } }],
  range: () => 'preserves',
  outputShape(input, options) {
    const target = options.shape;
    const written = `reshape(${target.join(', ')})`;
    if (target.length === 2) {
      return {
        problem: 'rank',
        message: `${written} gives a rank-2 shape, but layers take images [h, w, c] or vectors [n]`,
        expected: 'three sizes (height, width, channels) or one',
        help: `add a channel axis: \`reshape(${target.join(', ')}, 1)\``,
        option: 'shape',
      };
    }
    const have = elementCount(input);
    const want = elementCount(target);
    if (have !== want) {
      return {
        problem: 'elements',
        message: `${written} holds ${want} elements, but its input ${formatShape(input)} holds ${have}`,
        expected: `a shape of ${have} elements`,
        help: `choose sizes whose product is ${have}`,
        option: 'shape',
      };
    }
    return target;
  },
  parameters: () => noParameters,
  tfjs: (_input, options) => [{ factory: 'tf.layers.reshape', config: { targetShape: [...options.shape] } }],
  graph: (b, x, _input, options) => b.reshape(x, [x.shape[0], ...options.shape]),
};
