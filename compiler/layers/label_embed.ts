import { formatShape, type Shape } from '../shape.js';
import { initOption } from '../init/scheme.js';
import type { TfjsNode } from '../lowering/tfjs.js';
import { initializerConfig, type LayerContext, type LayerKind, type ShapeProblem } from './kind.js';
import { unbounded } from './range.js';
import { joinLabel } from '../graph/nn/label.js';

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
      init: initOption,
    },
    required: ['size'],
    additionalProperties: false,
  },
  reads: ['labels'],
  examples: [{ input: [100], options: { size: 10 }, classes: 10 }, { input: [28, 28, 1], options: { size: 2 }, classes: 10 }],
  range: () => unbounded,
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
  weights(input, options, context) {
    return [{ role: 'embeddings', layer: 'label_embed', fanIn: classesOf(context), fanOut: embeddingLength(input, options.size) }];
  },
  tfjs(input, options, context, init) {
    const embedding = { inputDim: classesOf(context), outputDim: embeddingLength(input, options.size), ...initializerConfig(init, { embeddings: 'embeddingsInitializer' }) };
    // The embedding of the label [batch, 1] is shaped like x on every axis but the last.
    const shaping: TfjsNode = input.length === 3
      ? { factory: 'tf.layers.reshape', config: { targetShape: [input[0], input[1], options.size] } }
      : { factory: 'tf.layers.flatten', config: {} };
    return [
      { factory: 'tf.layers.embedding', config: embedding, args: ['labels'], as: 'embedded' },
      { ...shaping, as: 'label' },
      { factory: 'tf.layers.concatenate', config: {}, args: ['x', 1] },
    ];
  },
  graph: (b, x, input, options, context) =>
    joinLabel(b, x, { classes: classesOf(context), embeddingSize: embeddingLength(input, options.size), reshape: input.length === 3 ? [input[0], input[1], options.size] : undefined }, context),
};
