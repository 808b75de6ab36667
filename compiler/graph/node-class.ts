import type { Graph, Node, OpKind } from './ir.js';

/**
 * How the passes treat each op kind:
 * - memory: lives in an arena before any kernel runs (inputs, slot values);
 * - leaf: computed wherever it is used, from nothing (constants, uniforms, Philox draws);
 * - view: same words as its input (reshape, a weight inside a flat vector): free when the input
 *   is in memory, an index shift when it is computed;
 * - pointwise: element i from element i of each input (same shape);
 * - remap: element i from elsewhere in its inputs (transpose, pad, slice, concat, broadcast, gather,
 *   a pooling window's mean and its adjoint);
 * - heavy: a kernel of its own kind at the core of a group (reductions, contractions).
 */
export type NodeClass = 'memory' | 'leaf' | 'view' | 'pointwise' | 'remap' | 'heavy';

const classes: Record<OpKind, NodeClass> = {
  input: 'memory',
  state: 'memory',
  scalar: 'leaf',
  constant: 'leaf',
  count: 'leaf',
  random: 'leaf',
  unary: 'pointwise',
  leakyRelu: 'pointwise',
  binary: 'pointwise',
  compare: 'pointwise',
  select: 'pointwise',
  clamp: 'pointwise',
  cast: 'pointwise',
  stopGradient: 'pointwise',
  reshape: 'view',
  param: 'view',
  transpose: 'remap',
  pad: 'remap',
  slice: 'remap',
  concat: 'remap',
  broadcast: 'remap',
  gather: 'remap',
  avgPool: 'remap',
  avgPoolBackprop: 'remap',
  reduce: 'heavy',
  matmul: 'heavy',
  conv2d: 'heavy',
  conv2dBackpropInput: 'heavy',
  conv2dBackpropFilter: 'heavy',
  segmentSum: 'heavy',
};

export function nodeClass(node: Node): NodeClass {
  return classes[node.op.kind];
}

/** Consumers of every node, by id. */
export function consumersOf(graph: Graph): number[][] {
  const users: number[][] = graph.nodes.map(() => []);
  for (const node of graph.nodes) for (const input of node.inputs) users[input].push(node.id);
  return users;
}
