import type { GraphBuilder, Tensor } from './builder.js';
import type { Node, Op, OpKind, UnaryFn } from './ir.js';
import { addDims, subtractDims, type Dim } from './shape.js';

/**
 * Vector-Jacobian products: for a node y = f(x...) and the cotangent dy, the cotangent of each
 * input, built from graph ops so that the gradient is itself differentiable (a gradient of a
 * gradient, as WGAN-GP's penalty needs). Where tfjs defines a subgradient (relu at 0, max ties,
 * clip bounds) the rule matches tfjs's.
 */

/** A cotangent for an input, or a piece of a flat vector's cotangent (a `param` view's). */
export type Cotangent = Tensor | { offset: number; value: Tensor } | null;

export interface VjpContext {
  b: GraphBuilder;
  node: Node;
  /** The node's inputs and output as tensors. */
  inputs: Tensor[];
  y: Tensor;
  dy: Tensor;
}

type Rules = { [K in OpKind]?: (c: VjpContext & { op: Extract<Op, { kind: K }> }) => Cotangent[] };

const zerosLike = (b: GraphBuilder, x: Tensor) => b.broadcastTo(b.constant(0), x.shape);

/** select(x > 0, dy, 0): the gradient mask of relu-like ops, with tfjs's 0 at 0. */
const passWhere = (b: GraphBuilder, flag: Tensor, dy: Tensor) => b.select(flag, dy, zerosLike(b, dy));

const unary: Record<UnaryFn, (c: VjpContext) => Tensor | null> = {
  identity: ({ dy }) => dy,
  neg: ({ b, dy }) => b.neg(dy),
  exp: ({ b, dy, y }) => b.mul(dy, y),
  log: ({ b, dy, inputs }) => b.div(dy, inputs[0]),
  log1p: ({ b, dy, inputs }) => b.div(dy, b.add(inputs[0], 1)),
  sqrt: ({ b, dy, y }) => b.div(dy, b.mul(y, 2)),
  // d/dx x^-1/2 = -1/2 x^-3/2 = -1/2 y^3
  rsqrt: ({ b, dy, y }) => b.mul(dy, b.mul(b.mul(b.square(y), y), -0.5)),
  abs: ({ b, dy, inputs }) => b.mul(dy, b.sign(inputs[0])),
  sign: () => null,
  floor: () => null,
  square: ({ b, dy, inputs }) => b.mul(dy, b.mul(inputs[0], 2)),
  tanh: ({ b, dy, y }) => b.mul(dy, b.sub(1, b.square(y))),
  sigmoid: ({ b, dy, y }) => b.mul(dy, b.mul(y, b.sub(1, y))),
  // The output is positive exactly where the input is, so the mask reads y and x may die early.
  relu: ({ b, dy, y }) => passWhere(b, b.greater(y, 0), dy),
};

/** Sums `dy` back down to `shape`, undoing a same-rank broadcast. */
function unbroadcast(b: GraphBuilder, dy: Tensor, shape: readonly Dim[]): Tensor {
  const axes = shape.flatMap((d, i) => (d === 1 && !(dy.shape[i] === 1) ? [i] : []));
  if (axes.length === 0) return dy;
  return b.reshape(b.sum(dy, axes), shape);
}

function inversePermutation(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return inverse;
}

const rules: Rules = {
  unary: (c) => [unary[c.op.fn](c)],
  leakyRelu: ({ b, op, inputs, y, dy }) => {
    const alpha = op.alpha;
    // For alpha >= 0 the output's sign is the input's; otherwise read the input.
    const flag = b.greater(alpha >= 0 ? y : inputs[0], 0);
    return [b.select(flag, dy, b.mul(dy, alpha))];
  },
  binary: ({ b, op, inputs: [x, z], y, dy }) => {
    switch (op.fn) {
      case 'add':
        return [dy, dy];
      case 'sub':
        return [dy, b.neg(dy)];
      case 'mul':
        return [b.mul(dy, z), b.mul(dy, x)];
      case 'div':
        return [b.div(dy, z), b.neg(b.div(b.mul(dy, y), z))];
      case 'max': {
        // tfjs: the first input takes ties.
        const first = b.greaterEqual(x, z);
        return [passWhere(b, first, dy), b.select(first, zerosLike(b, dy), dy)];
      }
      case 'min': {
        const first = b.lessEqual(x, z);
        return [passWhere(b, first, dy), b.select(first, zerosLike(b, dy), dy)];
      }
      case 'pow': {
        const dx = b.mul(dy, b.mul(z, b.pow(x, b.sub(z, 1))));
        // tfjs: d/dz x^z = x^z log x, taken as 0 where x <= 0.
        const logX = b.select(b.greater(x, 0), b.log(x), zerosLike(b, x));
        return [dx, b.mul(dy, b.mul(y, logX))];
      }
    }
  },
  compare: () => [null, null],
  select: ({ b, inputs: [condition], dy }) => [null, passWhere(b, condition, dy), b.select(condition, zerosLike(b, dy), dy)],
  clamp: ({ b, op, inputs: [x], dy }) => {
    const { min, max } = op;
    // tfjs clipByValue: the gradient passes where min <= x <= max.
    return [passWhere(b, b.greaterEqual(x, min), passWhere(b, b.lessEqual(x, max), dy))];
  },
  cast: ({ node, inputs: [x], dy }) => [x.dtype === 'f32' && node.dtype === 'f32' ? dy : null],
  stopGradient: () => [null],
  reduce: ({ b, op, inputs: [x], y, dy }) => {
    const { fn, axes } = op;
    const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const spread = b.broadcastTo(b.reshape(dy, kept), x.shape);
    if (fn === 'sum') return [spread];
    if (fn === 'mean') return [b.div(spread, b.sizeOf(axes.map((a) => x.shape[a])))];
    // max: tfjs sends dy to every element equal to the maximum.
    const atMax = b.equal(x, b.broadcastTo(b.reshape(y, kept), x.shape));
    return [passWhere(b, atMax, spread)];
  },
  reshape: ({ b, inputs: [x], dy }) => [b.reshape(dy, x.shape)],
  param: ({ b, op, dy }) => [{ offset: op.offset, value: b.reshape(dy, [-1]) }],
  transpose: ({ b, op, dy }) => [b.transpose(dy, inversePermutation(op.perm))],
  pad: ({ b, op, inputs: [x], dy }) => [b.slice(dy, op.before, x.shape)],
  slice: ({ b, op, inputs: [x], dy }) => {
    const begin = op.begin;
    const pads = x.shape.map((d, i) => [begin[i], subtractDims(subtractDims(d, begin[i]), dy.shape[i])] as [Dim, Dim]);
    return [b.pad(dy, pads)];
  },
  concat: ({ b, op, inputs, dy }) => {
    const axis = op.axis;
    let start: Dim = 0;
    return inputs.map((x) => {
      const begin = x.shape.map((_, i) => (i === axis ? start : 0));
      start = addDims(start, x.shape[axis]);
      return b.slice(dy, begin, x.shape);
    });
  },
  broadcast: ({ b, inputs: [x], dy }) => [unbroadcast(b, dy, x.shape)],
  matmul: ({ b, op, inputs: [x, w], dy }) => {
    const { transposeA: ta, transposeB: tb } = op;
    if (!ta && !tb) return [b.matmul(dy, w, { transposeB: true }), b.matmul(x, dy, { transposeA: true })];
    if (ta && !tb) return [b.matmul(w, dy, { transposeB: true }), b.matmul(x, dy)];
    if (!ta && tb) return [b.matmul(dy, w), b.matmul(dy, x, { transposeA: true })];
    return [b.matmul(w, dy, { transposeA: true, transposeB: true }), b.matmul(dy, x, { transposeA: true, transposeB: true })];
  },
  conv2d: ({ b, op: g, inputs: [x, w], dy }) => {
    return [b.conv2dBackpropInput(dy, w, x.shape, g), b.conv2dBackpropFilter(x, dy, w.shape as number[], g)];
  },
  // T(x, w, dy) = <conv2d(x, w), dy> is trilinear; each backprop op is T's gradient in one
  // argument, so its own gradients are the other two ops.
  conv2dBackpropInput: ({ b, op: g, inputs: [dyIn, w], dy }) => {
    return [b.conv2d(dy, w, g), b.conv2dBackpropFilter(dy, dyIn, w.shape as number[], g)];
  },
  conv2dBackpropFilter: ({ b, op: g, inputs: [x, dyIn], dy }) => {
    return [b.conv2dBackpropInput(dyIn, dy, x.shape, g), b.conv2d(x, dy, g)];
  },
  // Both are linear and each other's adjoint.
  avgPool: ({ b, op: g, inputs: [x], dy }) => [b.avgPoolBackprop(dy, x.shape, g)],
  avgPoolBackprop: ({ b, op: g, dy }) => [b.avgPool(dy, g)],
  gather: ({ b, inputs: [table, indices], dy }) => [b.segmentSum(dy, indices, table.shape[0] as number), null],
  segmentSum: ({ b, inputs: [, indices], dy }) => [b.gather(dy, indices), null],
};

export function vjp(context: VjpContext): Cotangent[] {
  const rule = rules[context.node.op.kind] as ((c: VjpContext & { op: Op }) => Cotangent[]) | undefined;
  if (!rule) throw new Error(`no gradient rule for ${context.node.op.kind} (node %${context.node.id} at ${context.node.site})`);
  return rule({ ...context, op: context.node.op });
}
