import type { Shape } from '../shape.js';
import type { EmittedOp, LayerKind } from './kind.js';
import { expectImage } from './input-rank.js';
import { compact, intOrPairSchema, pair, paddingPair, paddingSchema, type IntOrPair, type Padding } from './conv-options.js';
import { collapsedAxes, convSize } from './conv-geometry.js';

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
    },
    required: ['filters'],
    additionalProperties: false,
  },
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
  emit(_input, options) {
    const padding = paddingPair(options.padding);
    const ops: EmittedOp[] = [];
    // tfjs convolutions know only 'same'/'valid': explicit padding is a zero-padding layer first.
    if (typeof padding !== 'string' && (padding[0] > 0 || padding[1] > 0)) {
      const [ph, pw] = padding;
      ops.push({ op: 'layer', factory: 'tf.layers.zeroPadding2d', config: { padding: [[ph, ph], [pw, pw]] } });
    }
    ops.push({
      op: 'layer',
      factory: 'tf.layers.conv2d',
      config: {
        filters: options.filters,
        kernelSize: compact(pair(options.kernel)),
        strides: compact(pair(options.stride)),
        padding: typeof padding === 'string' ? padding : 'valid',
        useBias: options.bias,
      },
    });
    return ops;
  },
};
