import type { Shape } from '../shape.js';
import { initOption } from '../init/scheme.js';
import type { TfjsNode } from '../lowering/tfjs.js';
import { initializerConfig, type LayerKind } from './kind.js';
import { expectImage } from './input-rank.js';
import { compact, intOrPairSchema, pair, paddingPair, paddingSchema, type IntOrPair, type Padding } from './conv-options.js';
import { collapsedAxes, convSize } from './conv-geometry.js';
import { unbounded } from './range.js';
import { conv2d as conv2dGraph } from '../graph/nn/conv.js';

type Conv2dOptions = { filters: number; kernel: IntOrPair; stride: IntOrPair; padding: Padding; bias: boolean };

function geometry(input: Shape, options: Conv2dOptions) {
  const [kh, kw] = pair(options.kernel);
  const [sh, sw] = pair(options.stride);
  const padding = paddingPair(options.padding);
  const [ph, pw] = typeof padding === 'string' ? [padding, padding] : padding;
  return { height: convSize(input[0], kh, sh, ph), width: convSize(input[1], kw, sw, pw) };
}

export const conv2d: LayerKind<Conv2dOptions> = {
  name: 'conv2d',
  summary: '2-D convolution on an image [h, w, c] -> [h\', w\', filters], explicit or same/valid padding',
  positional: ['filters'],
  schema: {
    type: 'object',
    properties: {
      filters: { type: 'integer', minimum: 1 },
      kernel: intOrPairSchema(1, 3),
      stride: intOrPairSchema(1, 1),
      padding: paddingSchema(),
      bias: { type: 'boolean', default: true },
      init: initOption,
    },
    required: ['filters'],
    additionalProperties: false,
  },
  normalisable: true,
  examples: [
    { input: [8, 8, 2], options: { filters: 4 } },
    { input: [9, 9, 2], options: { filters: 4, kernel: 4, stride: 2, padding: 1 } },
    { input: [10, 12, 3], options: { filters: 4, kernel: [3, 5], stride: [1, 2], padding: [1, 2] } },
    { input: [7, 7, 1], options: { filters: 4, kernel: 5, stride: 2, padding: 'same' } },
    { input: [28, 28, 1], options: { filters: 2, kernel: 5, stride: 2, padding: 'valid', bias: false } },
  ],
  range: () => unbounded,
  outputShape(input, options) {
    const rank = expectImage('conv2d', input);
    if (rank) return rank;
    const axes = geometry(input, options);
    const problem = collapsedAxes('conv2d', axes, {
      option: 'kernel',
      help: 'use a smaller kernel or stride, more padding, or a larger input',
    });
    return problem ?? [axes.height.size, axes.width.size, options.filters];
  },
  parameters(input, options) {
    const [kh, kw] = pair(options.kernel);
    const weights = kh * kw * input[2] * options.filters;
    return { trainable: weights + (options.bias ? options.filters : 0), nonTrainable: 0 };
  },
  weights(input, options) {
    const [kh, kw] = pair(options.kernel);
    const fans = { layer: 'conv2d', fanIn: kh * kw * input[2], fanOut: kh * kw * options.filters };
    return options.bias ? [{ role: 'kernel', ...fans }, { role: 'bias', ...fans }] : [{ role: 'kernel', ...fans }];
  },
  tfjs(_input, options, _context, init) {
    const padding = paddingPair(options.padding);
    const nodes: TfjsNode[] = [];
    if (typeof padding !== 'string' && (padding[0] > 0 || padding[1] > 0)) {
      const [ph, pw] = padding;
      nodes.push({
        factory: 'tf.layers.zeroPadding2d',
        config: { padding: [[ph, ph], [pw, pw]] },
        why: `tfjs convolutions pad only 'same' or 'valid': PyTorch's padding = ${ph === pw ? ph : `[${ph}, ${pw}]`} is zero rows and columns first`,
      });
    }
    nodes.push({
      factory: 'tf.layers.conv2d',
      config: {
        filters: options.filters,
        kernelSize: compact(pair(options.kernel)),
        strides: compact(pair(options.stride)),
        padding: typeof padding === 'string' ? padding : 'valid',
        useBias: options.bias,
        ...initializerConfig(init, { kernel: 'kernelInitializer', bias: 'biasInitializer' }),
      },
      weighted: true,
    });
    return nodes;
  },
  graph: (b, x, _input, options, context) =>
    conv2dGraph(b, x, { filters: options.filters, kernel: pair(options.kernel), strides: pair(options.stride), padding: paddingPair(options.padding), bias: options.bias, transformKernel: context.transformKernel }),
};
