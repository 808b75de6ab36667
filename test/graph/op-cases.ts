import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder, Tensor } from '../../compiler/graph/builder.js';
import { convPads } from '../../compiler/graph/nn/conv.js';
import { B, type Shape } from '../../compiler/graph/shape.js';

/**
 * Every primitive op on small, awkward shapes, each with the tfjs expression it must agree
 * with. Shared by the interpreter tests (forward and gradient against tfjs and finite
 * differences) and the WGSL tests (kernels against the interpreter).
 */

export interface OpInput {
  shape: Shape;
  dtype?: 'f32' | 'i32';
  /** f32: values uniform in [low, high); i32: in [0, high). */
  low?: number;
  high?: number;
}

export interface OpCase {
  name: string;
  inputs: OpInput[];
  graph(b: GraphBuilder, ...xs: Tensor[]): Tensor;
  tfjs(...xs: tf.Tensor[]): tf.Tensor;
  /** False where the op has no gradient (comparisons, floor). */
  differentiable?: boolean;
  /** False where tfjs cannot differentiate its own expression (finite differences still check). */
  tfjsGradient?: boolean;
}

const f = (shape: Shape, low = -1, high = 1): OpInput => ({ shape, low, high });
const positive = (shape: Shape): OpInput => f(shape, 0.2, 2);
const ints = (shape: Shape, high: number): OpInput => ({ shape, dtype: 'i32', high });

type Geometry = { strides: [number, number]; pads: [number, number, number, number] };
const explicit = (g: Geometry): [[number, number], [number, number], [number, number], [number, number]] => [
  [0, 0],
  [g.pads[0], g.pads[1]],
  [g.pads[2], g.pads[3]],
  [0, 0],
];

function convCases(label: string, x: Shape, filter: [number, number, number, number], g: Geometry): OpCase[] {
  const conv = (xs: tf.Tensor, w: tf.Tensor) => tf.conv2d(xs as tf.Tensor4D, w as tf.Tensor4D, g.strides, explicit(g));
  const probe = (b: GraphBuilder, xs: Tensor, w: Tensor) => b.conv2d(xs, w, g);
  return [
    {
      name: `conv2d ${label}`,
      inputs: [f(x), f(filter)],
      graph: (b, xs, w) => probe(b, xs, w),
      tfjs: conv,
    },
    {
      name: `conv2dBackpropInput ${label}`,
      inputs: [f(dyShape(x, filter, g)), f(filter)],
      graph: (b, dy, w) => b.conv2dBackpropInput(dy, w, x, g),
      tfjs: (dy, w) => tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(conv(xs, w), dy)))(tf.zeros(concreteShape(x))),
    },
    {
      name: `conv2dBackpropFilter ${label}`,
      inputs: [f(x), f(dyShape(x, filter, g))],
      graph: (b, xs, dy) => b.conv2dBackpropFilter(xs, dy, filter, g),
      tfjs: (xs, dy) => tf.grad((w: tf.Tensor) => tf.sum(tf.mul(conv(xs, w), dy)))(tf.zeros(filter)),
      // tfjs 4.22 registers no gradient for Conv2DBackpropFilter.
      tfjsGradient: false,
    },
  ];
}

/**
 * tf.avgPool's value with the derivative of that value: the same average written as a depthwise
 * convolution with a window of ones, divided by each window's element count in the image. (tfjs's
 * own AvgPoolGrad divides every window by size * size, which for a `same` window clipped at the
 * border is not the derivative of tf.avgPool; for `valid` windows the two agree.)
 */
function averagePool(x: tf.Tensor, size: number, stride: number, padding: 'valid' | 'same'): tf.Tensor {
  const channels = x.shape[3] as number;
  const counts = tf.depthwiseConv2d(tf.ones([1, x.shape[1] as number, x.shape[2] as number, 1]) as tf.Tensor4D, tf.ones([size, size, 1, 1]) as tf.Tensor4D, stride, padding);
  const average = (t: tf.Tensor) => tf.div(tf.depthwiseConv2d(t as tf.Tensor4D, tf.ones([size, size, channels, 1]) as tf.Tensor4D, stride, padding), counts);
  // A copy of x off the gradient tape: the sum is tf.avgPool's value, its gradient average's.
  const detached = tf.tensor(x.dataSync(), x.shape);
  return tf.add(average(x), tf.sub(tf.avgPool(detached as tf.Tensor4D, size, stride, padding), average(detached)));
}

/** avgPool with the layer's padding (TF's `same`), and its gradient op, against tfjs. */
function poolCases(label: string, x: Shape, size: number, stride: number, padding: 'valid' | 'same'): OpCase[] {
  const [h, w] = [x[1] as number, x[2] as number];
  const options = { window: size, strides: stride, pads: [...convPads(h, size, stride, padding), ...convPads(w, size, stride, padding)] as [number, number, number, number] };
  const pool = (xs: tf.Tensor) => averagePool(xs, size, stride, padding);
  const out = (n: number) => (padding === 'same' ? Math.ceil(n / stride) : Math.floor((n - size) / stride) + 1);
  return [
    { name: `avgPool ${label}`, inputs: [f(x)], graph: (b, xs) => b.avgPool(xs, options), tfjs: pool },
    {
      name: `avgPoolBackprop ${label}`,
      inputs: [f([x[0], out(h), out(w), x[3]])],
      graph: (b, dy) => b.avgPoolBackprop(dy, x, options),
      tfjs: (dy) => tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(pool(xs), dy)))(tf.zeros(concreteShape(x))),
      // The gradient of a gradient: finite differences check it.
      tfjsGradient: false,
    },
  ];
}

/** The batch size the op tests run at. */
export const OP_BATCH = 3;

export function concreteShape(shape: Shape): number[] {
  return shape.map((d) => (typeof d === 'number' ? d : d.batch * OP_BATCH));
}

function dyShape(x: Shape, filter: readonly number[], g: Geometry): Shape {
  const out = (size: number, k: number, s: number, p: number) => Math.floor((size + p - k) / s) + 1;
  return [x[0], out(x[1] as number, filter[0], g.strides[0], g.pads[0] + g.pads[1]), out(x[2] as number, filter[1], g.strides[1], g.pads[2] + g.pads[3]), filter[3]];
}

const unaryCases: OpCase[] = (
  [
    ['neg', f([B, 5]), (t: tf.Tensor) => tf.neg(t)],
    ['exp', f([B, 5]), tf.exp],
    ['log', positive([B, 5]), tf.log],
    ['log1p', f([B, 5], -0.5, 2), tf.log1p],
    ['sqrt', positive([B, 5]), tf.sqrt],
    ['rsqrt', positive([B, 5]), tf.rsqrt],
    ['abs', f([B, 5]), tf.abs],
    ['square', f([B, 5]), tf.square],
    ['tanh', f([B, 5], -3, 3), tf.tanh],
    ['sigmoid', f([B, 5], -4, 4), tf.sigmoid],
    ['relu', f([B, 5]), tf.relu],
  ] as const
).map(([fn, input, op]) => ({
  name: fn,
  inputs: [input],
  graph: (b: GraphBuilder, x: Tensor) => b.unary(fn, x),
  tfjs: op as (x: tf.Tensor) => tf.Tensor,
}));

export const opCases: OpCase[] = [
  ...unaryCases,
  { name: 'sign', inputs: [f([7])], graph: (b, x) => b.sign(x), tfjs: tf.sign, differentiable: false },
  { name: 'floor', inputs: [f([7], -3, 3)], graph: (b, x) => b.floor(x), tfjs: tf.floor, differentiable: false },
  { name: 'leaky relu 0.2', inputs: [f([B, 6])], graph: (b, x) => b.leakyRelu(x, 0.2), tfjs: (x) => tf.leakyRelu(x, 0.2) },
  { name: 'add with broadcast [B, 4] + [4]', inputs: [f([B, 4]), f([4])], graph: (b, x, y) => b.add(x, y), tfjs: tf.add },
  { name: 'sub', inputs: [f([B, 3]), f([B, 3])], graph: (b, x, y) => b.sub(x, y), tfjs: tf.sub },
  { name: 'mul [B, 1, 1, 1] x [B, 2, 3, 1]', inputs: [f([B, 1, 1, 1]), f([B, 2, 3, 1])], graph: (b, x, y) => b.mul(x, y), tfjs: tf.mul },
  { name: 'div', inputs: [f([5, 3]), positive([5, 3])], graph: (b, x, y) => b.div(x, y), tfjs: tf.div },
  { name: 'max', inputs: [f([B, 4]), f([B, 4])], graph: (b, x, y) => b.maximum(x, y), tfjs: tf.maximum },
  { name: 'min', inputs: [f([B, 4]), f([B, 4])], graph: (b, x, y) => b.minimum(x, y), tfjs: tf.minimum },
  { name: 'pow', inputs: [positive([6]), f([6], 0.5, 2.5)], graph: (b, x, y) => b.pow(x, y), tfjs: tf.pow },
  { name: 'pow by a constant', inputs: [positive([B, 3])], graph: (b, x) => b.pow(x, 3), tfjs: (x) => tf.pow(x, 3) },
  {
    name: 'select(greater(x, y), x * 2, y)',
    inputs: [f([B, 5]), f([B, 5])],
    graph: (b, x, y) => b.select(b.greater(x, y), b.mul(x, 2), y),
    tfjs: (x, y) => tf.where(tf.greater(x, y), tf.mul(x, 2), y),
  },
  {
    name: 'comparisons cast to f32',
    inputs: [f([4, 3]), f([4, 3])],
    graph: (b, x, y) => b.add(b.cast(b.lessEqual(x, y), 'f32'), b.mul(b.cast(b.greaterEqual(x, y), 'f32'), 2)),
    tfjs: (x, y) => tf.add(tf.cast(tf.lessEqual(x, y), 'float32'), tf.mul(tf.cast(tf.greaterEqual(x, y), 'float32'), 2)),
    differentiable: false,
  },
  { name: 'clamp', inputs: [f([B, 6], -2, 2)], graph: (b, x) => b.clamp(x, -0.5, 0.7), tfjs: (x) => tf.clipByValue(x, -0.5, 0.7) },
  { name: 'sum over the batch axis', inputs: [f([B, 4])], graph: (b, x) => b.sum(x, 0), tfjs: (x) => tf.sum(x, 0) },
  { name: 'sum over the last axis', inputs: [f([B, 5])], graph: (b, x) => b.sum(x, 1), tfjs: (x) => tf.sum(x, 1) },
  { name: 'sum of everything', inputs: [f([B, 2, 3])], graph: (b, x) => b.sum(x), tfjs: (x) => tf.sum(x) },
  { name: 'mean over [0, 1, 2] (batch-norm statistics)', inputs: [f([B, 3, 2, 5])], graph: (b, x) => b.mean(x, [0, 1, 2]), tfjs: (x) => tf.mean(x, [0, 1, 2]) },
  { name: 'mean keepDims over [1, 2, 3]', inputs: [f([B, 2, 2, 3])], graph: (b, x) => b.mean(x, [1, 2, 3], true), tfjs: (x) => tf.mean(x, [1, 2, 3], true) },
  { name: 'max over axis 1', inputs: [f([B, 7])], graph: (b, x) => b.max(x, 1), tfjs: (x) => tf.max(x, 1) },
  { name: 'reshape', inputs: [f([B, 12])], graph: (b, x) => b.mul(b.reshape(x, [B, 2, 3, 2]), 1.5), tfjs: (x) => tf.mul(tf.reshape(x, [OP_BATCH, 2, 3, 2]), 1.5) },
  { name: 'transpose [2, 0, 1]', inputs: [f([2, 3, 4])], graph: (b, x) => b.transpose(x, [2, 0, 1]), tfjs: (x) => tf.transpose(x, [2, 0, 1]) },
  { name: 'transpose [0, 3, 1, 2] of a batch', inputs: [f([B, 2, 3, 2])], graph: (b, x) => b.transpose(x, [0, 3, 1, 2]), tfjs: (x) => tf.transpose(x, [0, 3, 1, 2]) },
  {
    name: 'pad',
    inputs: [f([B, 3, 2])],
    graph: (b, x) => b.pad(x, [[0, 0], [1, 2], [0, 1]]),
    tfjs: (x) => tf.pad(x, [[0, 0], [1, 2], [0, 1]]),
  },
  { name: 'slice', inputs: [f([5, 6])], graph: (b, x) => b.slice(x, [1, 2], [3, 3]), tfjs: (x) => tf.slice(x, [1, 2], [3, 3]) },
  {
    name: 'slice the second half of a [2B] batch',
    inputs: [f([{ batch: 2 }, 3])],
    graph: (b, x) => b.slice(x, [B, 0], [B, 3]),
    tfjs: (x) => tf.slice(x, [OP_BATCH, 0], [OP_BATCH, 3]),
  },
  { name: 'concat on axis 0 (batches)', inputs: [f([B, 3]), f([B, 3])], graph: (b, x, y) => b.concat([x, y], 0), tfjs: (x, y) => tf.concat([x, y], 0) },
  { name: 'concat on axis 1', inputs: [f([B, 2]), f([B, 3]), f([B, 1])], graph: (b, x, y, z) => b.concat([x, y, z], 1), tfjs: (x, y, z) => tf.concat([x, y, z], 1) },
  { name: 'broadcastTo', inputs: [f([3, 1])], graph: (b, x) => b.broadcastTo(x, [2, 3, 4]), tfjs: (x) => tf.broadcastTo(x, [2, 3, 4]) },
  { name: 'matmul', inputs: [f([B, 5]), f([5, 7])], graph: (b, x, y) => b.matmul(x, y), tfjs: (x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D) },
  {
    name: 'matmul transposeA over the batch (a weight gradient)',
    inputs: [f([B, 4]), f([B, 6])],
    graph: (b, x, y) => b.matmul(x, y, { transposeA: true }),
    tfjs: (x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, true, false),
  },
  { name: 'matmul transposeB', inputs: [f([B, 5]), f([3, 5])], graph: (b, x, y) => b.matmul(x, y, { transposeB: true }), tfjs: (x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, false, true) },
  {
    name: 'matmul both transposed',
    inputs: [f([4, 3]), f([5, 4])],
    graph: (b, x, y) => b.matmul(x, y, { transposeA: true, transposeB: true }),
    tfjs: (x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, true, true),
  },
  ...convCases('3x3 s1 p1, odd channels', [B, 5, 5, 3], [3, 3, 3, 5], { strides: [1, 1], pads: [1, 1, 1, 1] }),
  ...convCases('4x4 s2 p1', [B, 6, 6, 2], [4, 4, 2, 3], { strides: [2, 2], pads: [1, 1, 1, 1] }),
  ...convCases('3x2 s(2,1) asymmetric pads', [B, 7, 5, 2], [3, 2, 2, 3], { strides: [2, 1], pads: [0, 2, 1, 0] }),
  ...poolCases('k3 s2 valid', [B, 7, 6, 2], 3, 2, 'valid'),
  ...poolCases('k3 s1 same', [B, 5, 5, 3], 3, 1, 'same'),
  ...poolCases('k2 s2 same, odd input', [B, 5, 7, 2], 2, 2, 'same'),
  ...poolCases('k3 s2 same', [B, 6, 5, 1], 3, 2, 'same'),
  ...poolCases('k2 s3 valid (gaps between windows)', [B, 8, 7, 2], 2, 3, 'valid'),
  {
    name: 'gather (embedding lookup)',
    inputs: [f([4, 3]), ints([B], 4)],
    graph: (b, table, indices) => b.gather(table, indices),
    tfjs: (table, indices) => tf.gather(table, indices),
  },
  {
    name: 'segmentSum (unsorted segment sum)',
    inputs: [f([B, 3]), ints([B], 4)],
    graph: (b, data, indices) => b.segmentSum(data, indices, 4),
    tfjs: (data, indices) => tf.unsortedSegmentSum(data, indices as tf.Tensor1D, 4),
  },
];
