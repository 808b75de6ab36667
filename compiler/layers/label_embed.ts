import { formatShape, type Shape } from '../shape.js';
import type { LayerContext, LayerKind, ShapeProblem } from './kind.js';

type LabelEmbedOptions = { size: number };

function missingLabels(): ShapeProblem {
  return {
    problem: 'label',
    message: 'label_embed needs class labels, but the data has none',
    help: 'set `labels = true` in the data statement',
  };
}

/** Values the embedding gives per class: `size` for vectors, h*w*size for images. */
function embeddingLength(input: Shape, size: number): number {
  return input.length === 3 ? input[0] * input[1] * size : size;
}

function classesOf(context: LayerContext): number {
  if (context.classes === undefined) throw new Error(`${missingLabels().message} (outputShape should have reported this)`);
  return context.classes;
}

export const labelEmbed: LayerKind<LabelEmbedOptions> = {
  name: 'label_embed',
  summary: 'embeds the class label and joins it on the last axis (conditional GANs; needs labels = true)',
  positional: ['size'],
  schema: {
    type: 'object',
    properties: {
      size: { type: 'integer', minimum: 1 },
    },
    required: ['size'],
    additionalProperties: false,
  },
  outputShape(input, options, context) {
    if (context.classes === undefined) return missingLabels();
    if (input.length === 1) return [input[0] + options.size];
    if (input.length === 3) return [input[0], input[1], input[2] + options.size];
    return {
      problem: 'rank',
      message: `label_embed joins labels to a vector or an image, but its input is ${formatShape(input)}`,
      expected: 'a rank-1 input [batch, features] or a rank-3 input [batch, height, width, channels]',
    };
  },
  parameters(input, options, context) {
    return { trainable: classesOf(context) * embeddingLength(input, options.size), nonTrainable: 0 };
  },
  emit(input, options, context) {
    const classes = classesOf(context);
    const embeddingSize = embeddingLength(input, options.size);
    return input.length === 3
      ? [{ op: 'joinLabel', classes, embeddingSize, reshape: [input[0], input[1], options.size] }]
      : [{ op: 'joinLabel', classes, embeddingSize }];
  },
};
