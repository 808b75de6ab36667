import type { Affine } from '../../runtime/compiled/plan.js';
import type { Dim, Shape } from './shape.js';

/**
 * The graph IR of a compiled training step: a static DAG of primitive tensor ops in SSA form.
 * Every shape is known (up to the symbolic batch, see `shape.ts`). State is explicit: a slot
 * (a network's flat trainable vector, a batch-norm moving mean, an optimizer moment) has a
 * value at the start of the iteration (its `state` node) and a list of later versions, each an
 * ordinary node; the last version is what the slot holds when the iteration ends.
 */

export type DType = 'f32' | 'i32' | 'u32';

export type UnaryFn =
  | 'identity'
  | 'neg'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'sqrt'
  | 'rsqrt'
  | 'abs'
  | 'sign'
  | 'square'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'floor';
export type BinaryFn = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'pow';
export type CompareFn = 'greater' | 'greaterEqual' | 'less' | 'lessEqual' | 'equal' | 'notEqual';
export type ReduceFn = 'sum' | 'mean' | 'max';

export interface ConvGeometry {
  /** [height, width]. */
  strides: readonly [number, number];
  /** Explicit zero padding [top, bottom, left, right] of the convolution's input. */
  pads: readonly [number, number, number, number];
}

export interface PoolGeometry extends ConvGeometry {
  /** [height, width] of each window; every pad is smaller than its window side, so no window is empty. */
  window: readonly [number, number];
}

export type Op =
  /** Data the host writes each iteration (a real batch, its labels). */
  | { kind: 'input'; name: string }
  /** A slot's value when the iteration starts. */
  | { kind: 'state'; slot: string }
  /** A run-time f32 scalar from the uniform block (a learning rate). */
  | { kind: 'scalar'; name: string }
  | { kind: 'constant'; value: number }
  /** perBatch * B + fixed as an f32 scalar: divisors of means over the batch. */
  | { kind: 'count'; count: Affine }
  /** Philox draws, a pure function of (seed, iteration, site, element index). */
  | { kind: 'random'; distribution: 'uniform' | 'normal'; site: string }
  | { kind: 'unary'; fn: UnaryFn }
  | { kind: 'leakyRelu'; alpha: number }
  | { kind: 'binary'; fn: BinaryFn }
  /** 1 or 0 as u32. */
  | { kind: 'compare'; fn: CompareFn }
  /** inputs [condition (u32), whenTrue, whenFalse]. */
  | { kind: 'select' }
  | { kind: 'clamp'; min: number; max: number }
  /** To the node's dtype. */
  | { kind: 'cast' }
  /** Reduces `axes` away (the builder reshapes for keepDims). */
  | { kind: 'reduce'; fn: ReduceFn; axes: readonly number[] }
  /** Same elements, same order, new shape. */
  | { kind: 'reshape' }
  /** A named weight: a view of `length(shape)` words at `offset` of a network's flat vector. */
  | { kind: 'param'; name: string; offset: number }
  | { kind: 'transpose'; perm: readonly number[] }
  /** Zero padding per axis. */
  | { kind: 'pad'; before: readonly Dim[]; after: readonly Dim[] }
  /** Elements [begin, begin + shape) per axis. */
  | { kind: 'slice'; begin: readonly Dim[] }
  | { kind: 'concat'; axis: number }
  /** Numpy broadcast to the node's shape (same rank, 1-axes stretched). */
  | { kind: 'broadcast' }
  | { kind: 'matmul'; transposeA: boolean; transposeB: boolean }
  /** inputs [x NHWC, filter [kh, kw, in, out]]. */
  | ({ kind: 'conv2d' } & ConvGeometry)
  /** inputs [dy, filter]: the gradient of conv2d with respect to its input (transposed convolution). */
  | ({ kind: 'conv2dBackpropInput' } & ConvGeometry)
  /** inputs [x, dy]: the gradient of conv2d with respect to its filter. */
  | ({ kind: 'conv2dBackpropFilter' } & ConvGeometry)
  /**
   * inputs [x NHWC]: the mean of each window over its elements inside x; padding is not counted
   * (tf.avgPool, so a `same` window at the border averages fewer elements).
   */
  | ({ kind: 'avgPool' } & PoolGeometry)
  /** inputs [dy]: the gradient of avgPool with respect to its input (its adjoint), shaped as that input. */
  | ({ kind: 'avgPoolBackprop' } & PoolGeometry)
  /** inputs [table [V, ...], indices i32 [N]] -> [N, ...]. */
  | { kind: 'gather' }
  /** inputs [data [N, ...], indices i32 [N]] -> [segments, ...]: the sum of rows per index. */
  | { kind: 'segmentSum'; segments: number }
  /** The value, with no gradient flowing back. */
  | { kind: 'stopGradient' };

export type OpKind = Op['kind'];

export interface Node {
  id: number;
  op: Op;
  inputs: readonly number[];
  shape: Shape;
  dtype: DType;
  /** The scope it was built in, e.g. `D step 1/D/dense_1`. */
  site: string;
}

export type SlotRole = 'trainable' | 'state' | 'optimizer';

export interface Slot {
  name: string;
  shape: readonly number[];
  role: SlotRole;
  /** The network it belongs to (optimizer slots: the network they update). */
  network: string;
  /** Optimizer slots: the value every word starts at. */
  initial?: number;
}

export interface Weight {
  /** Layer-qualified, e.g. `dense_1/kernel`. */
  name: string;
  shape: readonly number[];
  trainable: boolean;
  /** Trainable weights: offset in the network's trainable slot. */
  offset?: number;
  /** Non-trainable weights: their own slot. */
  slot?: string;
}

export interface NetworkInfo {
  name: string;
  /** Declaration order, which is the layer order. */
  weights: Weight[];
  trainableSlot: string;
  trainableLength: number;
  /** A layer reduced over the batch axis (batch norm): D(real) and D(fake) must stay apart. */
  mixesBatch: boolean;
  /**
   * A call wrote state that the next call reads (spectral norm's power-iteration vector): D(real)
   * and D(fake) must stay apart too, each call iterating on from the last, as in tfjs and PyTorch.
   */
  writesState: boolean;
}

export interface GraphInput {
  name: string;
  node: number;
}

export interface GraphOutput {
  name: string;
  node: number;
}

export interface Graph {
  nodes: Node[];
  slots: Slot[];
  networks: NetworkInfo[];
  inputs: GraphInput[];
  /** Run-time scalar names, in uniform order. */
  scalars: string[];
  outputs: GraphOutput[];
  /** Per slot: its `state` node, then each value written to it, in order. */
  versions: Record<string, number[]>;
}

/** The nodes that must be computed: outputs and every slot version after the first. */
export function graphRoots(graph: Graph): number[] {
  const roots = graph.outputs.map((o) => o.node);
  for (const versions of Object.values(graph.versions)) roots.push(...versions.slice(1));
  return roots;
}
