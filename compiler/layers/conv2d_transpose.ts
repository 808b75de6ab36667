import type { Shape } from '../shape.js';
import { initOption } from '../init/scheme.js';
import type { TfjsNode } from '../lowering/tfjs.js';
import { initializerConfig, type LayerKind, type ShapeProblem } from './kind.js';
import { expectImage } from './input-rank.js';
import { compact, intOrPairSchema, pair, paddingPair, paddingSchema, type IntOrPair, type Padding } from './conv-options.js';
import { collapsedAxes, tfjsValidTransposeSize, transposeSize } from './conv-geometry.js';
import { unbounded } from './range.js';
import { conv2dTranspose as conv2dTransposeGraph } from '../graph/nn/conv.js';

type Conv2dTransposeOptions = {
  filters: number;
  kernel: IntOrPair;
  stride: IntOrPair;
  padding: Padding;
  output_padding: IntOrPair;
  bias: boolean;
};

const axisNames = ['height', 'width'] as const;

/** The options as [height, width] pairs, and the padding as a pair or a Keras mode. */
function settings(options: Conv2dTransposeOptions) {
  return {
    kernel: pair(options.kernel),
    stride: pair(options.stride),
    outputPadding: pair(options.output_padding),
    padding: paddingPair(options.padding),
  };
}

function geometry(input: Shape, options: Conv2dTransposeOptions) {
  const s = settings(options);
  const at = (i: 0 | 1) =>
    transposeSize(input[i], s.kernel[i], s.stride[i], typeof s.padding === 'string' ? s.padding : s.padding[i], s.outputPadding[i]);
  return { ...s, height: at(0), width: at(1) };
}

/** output_padding only makes sense with explicit padding, and (as in PyTorch) below the stride. */
function outputPaddingProblem(options: Conv2dTransposeOptions): ShapeProblem | undefined {
  const { stride, outputPadding, padding } = settings(options);
  if (typeof padding === 'string' && (outputPadding[0] > 0 || outputPadding[1] > 0)) {
    return {
      problem: 'other',
      message: `output_padding applies only to numeric padding, not to \`${padding}\``,
      help: 'give padding as a number, or remove output_padding',
      option: 'output_padding',
    };
  }
  const i = [0, 1].find((axis) => outputPadding[axis] >= stride[axis]);
  if (i === undefined) return undefined;
  return {
    problem: 'other',
    message: `output_padding ${outputPadding[i]} is not smaller than stride ${stride[i]} on the ${axisNames[i]} axis`,
    expected: `output_padding below the stride (at most ${stride[i] - 1})`,
    help: 'lower output_padding, or raise the stride',
    option: 'output_padding',
  };
}

export const conv2dTranspose: LayerKind<Conv2dTransposeOptions> = {
  name: 'conv2d_transpose',
  summary: 'transposed 2-D convolution (upsampling) on an image [h, w, c] -> [h\', w\', filters]',
  positional: ['filters'],
  schema: {
    type: 'object',
    properties: {
      filters: { type: 'integer', minimum: 1 },
      kernel: intOrPairSchema(1, 3),
      stride: intOrPairSchema(1, 1),
      padding: paddingSchema(),
      output_padding: intOrPairSchema(0, 0),
      bias: { type: 'boolean', default: true },
      init: initOption,
    },
    required: ['filters'],
    additionalProperties: false,
  },
  normalisable: true,
  examples: [
    { input: [1, 1, 10], options: { filters: 8, kernel: 4, stride: 1, padding: 0 } },
    { input: [4, 4, 6], options: { filters: 5, kernel: 3, stride: 2, padding: 1 } },
    { input: [4, 4, 2], options: { filters: 3, kernel: 3, stride: 2, padding: 1, output_padding: 1 } },
    // output_padding beyond the padding; a kernel smaller than the stride, with output padding and cropped
    { input: [3, 3, 2], options: { filters: 3, kernel: 4, stride: 2, padding: 0, output_padding: 1 } },
    { input: [3, 3, 2], options: { filters: 3, kernel: 2, stride: 3, padding: 0, output_padding: 2 } },
    { input: [3, 3, 2], options: { filters: 3, kernel: 1, stride: 3, padding: 1, output_padding: 2 } },
    { input: [5, 6, 2], options: { filters: 3, kernel: [4, 3], stride: [2, 1], padding: [1, 0] } },
    { input: [7, 7, 2], options: { filters: 3, kernel: 5, stride: 2, padding: 'same' } },
    { input: [7, 7, 2], options: { filters: 3, kernel: 5, stride: 2, padding: 'valid' } },
    { input: [7, 7, 2], options: { filters: 3, kernel: 1, stride: 2, padding: 'valid' } },
  ],
  range: () => unbounded,
  outputShape(input, options) {
    const problem = expectImage('conv2d_transpose', input) ?? outputPaddingProblem(options);
    if (problem) return problem;
    const axes = geometry(input, options);
    const collapsed = collapsedAxes('conv2d_transpose', axes, {
      option: 'padding',
      help: 'use less padding or a larger kernel or stride',
    });
    return collapsed ?? [axes.height.size, axes.width.size, options.filters];
  },
  parameters(input, options) {
    const [kh, kw] = pair(options.kernel);
    const weights = kh * kw * input[2] * options.filters;
    return { trainable: weights + (options.bias ? options.filters : 0), nonTrainable: 0 };
  },
  weights(input, options) {
    const [kh, kw] = pair(options.kernel);
    // PyTorch counts a transposed convolution's fan-in over its output channels (weight [in, out, kh, kw], dim 1).
    const fans = { layer: 'conv2d_transpose', fanIn: kh * kw * options.filters, fanOut: kh * kw * input[2] };
    return options.bias ? [{ role: 'kernel', ...fans }, { role: 'bias', ...fans }] : [{ role: 'kernel', ...fans }];
  },
  tfjs(input, options, _context, init) {
    const g = geometry(input, options);
    const convolution: TfjsNode = {
      factory: 'tf.layers.conv2dTranspose',
      config: {
        filters: options.filters,
        kernelSize: compact(g.kernel),
        strides: compact(g.stride),
        padding: typeof g.padding === 'string' ? g.padding : 'valid',
        useBias: options.bias,
        ...initializerConfig(init, { kernel: 'kernelInitializer', bias: 'biasInitializer' }),
      },
      weighted: true,
    };
    if (typeof g.padding === 'string') return [convolution];
    // tfjs's 'valid' output is the full transposed convolution (plus s - k trailing rows when
    // k < s); PyTorch keeps it from row p on, for its size. When output_padding reaches past the
    // end of the full output, PyTorch's extra rows hold only the bias: zero rows added to the
    // input's end give exactly that, and the crop then trims both ends to the PyTorch size.
    const padding = g.padding;
    const axes = ([0, 1] as const).map((i) => {
      const wanted = (i === 0 ? g.height : g.width).size;
      const short = wanted + padding[i] - tfjsValidTransposeSize(input[i], g.kernel[i], g.stride[i]);
      const extraInput = short > 0 ? Math.ceil(short / g.stride[i]) : 0;
      const produced = tfjsValidTransposeSize(input[i] + extraInput, g.kernel[i], g.stride[i]);
      return { extraInput, cropStart: padding[i], cropEnd: produced - wanted - padding[i] };
    });
    const nodes: TfjsNode[] = [];
    if (axes.some((a) => a.extraInput > 0)) {
      nodes.push({
        factory: 'tf.layers.zeroPadding2d',
        config: { padding: axes.map((a) => [0, a.extraInput]) },
        why: 'output_padding reaches past the full transposed convolution: zero input rows give PyTorch\'s bias-only rows',
      });
    }
    nodes.push(convolution);
    if (axes.some((a) => a.cropStart > 0 || a.cropEnd > 0)) {
      nodes.push({
        factory: 'tf.layers.cropping2D',
        config: { cropping: axes.map((a) => [a.cropStart, a.cropEnd]) },
        why: `PyTorch's padding = ${padding[0] === padding[1] ? padding[0] : `[${padding.join(', ')}]`} on a transposed convolution crops the full ('valid') output to its size`,
      });
    }
    return nodes;
  },
  graph: (b, x, _input, options, context) =>
    conv2dTransposeGraph(b, x, {
      filters: options.filters,
      kernel: pair(options.kernel),
      strides: pair(options.stride),
      padding: paddingPair(options.padding),
      outputPadding: pair(options.output_padding),
      bias: options.bias,
      transformKernel: context.transformKernel,
    }),
};
