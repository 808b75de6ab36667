import { noParameters, type LayerKind } from './kind.js';
import { expectImage } from './input-rank.js';
import { collapsedAxes, convSize } from './conv-geometry.js';
import { averagePool } from '../graph/nn/pool.js';

type AvgPool2dOptions = { size: number; stride?: number; padding: 'valid' | 'same' };

export const avgPool2d: LayerKind<AvgPool2dOptions> = {
  name: 'avg_pool2d',
  summary: 'average pooling of an image [h, w, c] over size x size windows (stride = size unless given)',
  positional: ['size'],
  schema: {
    type: 'object',
    properties: {
      size: { type: 'integer', minimum: 1, default: 2 },
      stride: { type: 'integer', minimum: 1 },
      padding: { enum: ['valid', 'same'], default: 'valid' },
    },
    additionalProperties: false,
  },
  examples: [
    { input: [28, 28, 16], options: { size: 2 } },
    { input: [7, 7, 3], options: { size: 3, stride: 2, padding: 'same' } },
  ],
  // A mean of values lies within their range.
  range: () => 'preserves',
  outputShape(input, options) {
    const rank = expectImage('avg_pool2d', input);
    if (rank) return rank;
    const stride = options.stride ?? options.size;
    const axes = { height: convSize(input[0], options.size, stride, options.padding), width: convSize(input[1], options.size, stride, options.padding) };
    return collapsedAxes('avg_pool2d', axes, { option: 'size', help: 'use a smaller window, or pool a larger image' }) ?? [axes.height.size, axes.width.size, input[2]];
  },
  parameters: () => noParameters,
  tfjs: (_input, options) => [
    {
      factory: 'tf.layers.averagePooling2d',
      config: { poolSize: options.size, strides: options.stride ?? options.size, padding: options.padding },
    },
  ],
  graph: (b, x, _input, options) => averagePool(b, x, { size: options.size, stride: options.stride ?? options.size, padding: options.padding }),
};
