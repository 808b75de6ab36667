import type { TfjsNode } from '../lowering/tfjs.js';
import { elementCount } from '../shape.js';
import { initOption } from '../init/scheme.js';
import { initializerConfig, type LayerKind } from './kind.js';
import { unbounded } from './range.js';
import { multiplyByLabelEmbedding } from '../graph/nn/embedding.js';

type EmbeddingOptions = { init?: unknown };

/**
 * The class label's learned embedding, multiplied into the running tensor (AC-GAN's and
 * PyTorch-GAN's `torch.mul(self.label_emb(labels), noise)`): one vector per class, of the
 * input's size, so the shape is unchanged.
 */
export const embedding: LayerKind<EmbeddingOptions> = {
  name: 'embedding',
  summary: 'multiplies its input by a learned embedding of the class label (conditional GANs; needs labels = true)',
  positional: [],
  schema: { type: 'object', properties: { init: initOption }, additionalProperties: false },
  examples: [
    { input: [100], options: {}, classes: 10 },
    { input: [7, 7, 4], options: {}, classes: 10 },
  ],
  reads: ['labels'],
  range: () => unbounded,
  outputShape(input, _options, context) {
    if (context.classes === undefined) {
      return { problem: 'label', message: 'embedding needs class labels, but the data has none', help: 'set `labels = true` in the data statement' };
    }
    return input;
  },
  parameters(input, _options, context) {
    return { trainable: (context.classes ?? 0) * elementCount(input), nonTrainable: 0 };
  },
  weights(input, _options, context) {
    return [{ role: 'embeddings', layer: 'embedding', fanIn: context.classes ?? 0, fanOut: elementCount(input) }];
  },
  tfjs(input, _options, context, init): readonly TfjsNode[] {
    const initializers = initializerConfig(init, { embeddings: 'embeddingsInitializer' });
    return [
      { factory: 'tf.layers.embedding', config: { inputDim: context.classes ?? 0, outputDim: elementCount(input), ...initializers }, args: ['labels'], as: 'embedded' },
      // [batch, 1, size] to x's shape, so the product is elementwise.
      { factory: 'tf.layers.reshape', config: { targetShape: [...input] }, as: 'label' },
      { factory: 'tf.layers.multiply', config: {}, args: ['x', 1] },
    ];
  },
  graph: (b, x, _input, _options, context) => multiplyByLabelEmbedding(b, x, { classes: context.classes ?? 0 }, context),
};
