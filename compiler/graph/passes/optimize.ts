import type { Graph, Node, Op } from '../ir.js';
import { graphRoots } from '../ir.js';
import { shapeEquals, type Shape } from '../shape.js';

/**
 * Dead-code elimination, local simplification and common-subexpression elimination, in one
 * rebuild of the graph in topological order: every node is rewritten onto its simplified
 * inputs, then replaced by an identical earlier node if there is one. Slot versions are kept
 * as they are (each is stored in its slot's buffer) but may absorb identical later nodes.
 * Repeats until nothing changes.
 */
export function optimize(graph: Graph): Graph {
  let current = eliminateDeadCode(graph);
  for (let round = 0; round < 8; round++) {
    const next = eliminateDeadCode(rewrite(current));
    if (next.nodes.length === current.nodes.length) return next;
    current = next;
  }
  return current;
}

/** Keeps what the outputs and slot versions need, plus every slot's `state` node. */
export function eliminateDeadCode(graph: Graph): Graph {
  const live = new Uint8Array(graph.nodes.length);
  const stack = [...graphRoots(graph), ...Object.values(graph.versions).map((v) => v[0])];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (live[id]) continue;
    live[id] = 1;
    stack.push(...graph.nodes[id].inputs);
  }
  const map = new Int32Array(graph.nodes.length).fill(-1);
  const nodes: Node[] = [];
  for (const node of graph.nodes) {
    if (!live[node.id]) continue;
    map[node.id] = nodes.length;
    nodes.push({ ...node, id: nodes.length, inputs: node.inputs.map((i) => map[i]) });
  }
  return remapped(graph, nodes, (id) => map[id]);
}

function remapped(graph: Graph, nodes: Node[], map: (id: number) => number): Graph {
  const versions: Record<string, number[]> = {};
  for (const [slot, list] of Object.entries(graph.versions)) versions[slot] = list.map(map);
  return {
    ...graph,
    nodes,
    inputs: graph.inputs.map((i) => ({ ...i, node: map(i.node) })).filter((i) => i.node >= 0),
    outputs: graph.outputs.map((o) => ({ ...o, node: map(o.node) })),
    versions,
  };
}

/** The scalar constant a node broadcasts, if it is one. */
function constantValue(nodes: Node[], node: Node): number | undefined {
  if (node.op.kind === 'constant') return node.op.value;
  if ((node.op.kind === 'broadcast' || node.op.kind === 'reshape') && nodes[node.inputs[0]].op.kind === 'constant') {
    return (nodes[node.inputs[0]].op as { value: number }).value;
  }
  return undefined;
}

function rewrite(graph: Graph): Graph {
  const versionNodes = new Set(Object.values(graph.versions).flatMap((v) => v.slice(1)));
  const nodes: Node[] = [];
  const map = new Int32Array(graph.nodes.length);
  const seen = new Map<string, number>();
  const emit = (op: Op, inputs: number[], shape: Shape, template: Node): number => {
    const node: Node = { ...template, id: nodes.length, op, inputs, shape };
    nodes.push(node);
    return node.id;
  };
  for (const old of graph.nodes) {
    const inputs = old.inputs.map((i) => map[i]);
    const isVersion = versionNodes.has(old.id);
    const add = (op: Op, ins: number[], shape: Shape) => emit(op, ins, shape, old);
    const simplified = isVersion ? undefined : simplify(nodes, old, inputs) ?? convolutionAsMatmul(nodes, old, inputs, add);
    if (typeof simplified === 'number') {
      map[old.id] = simplified;
      continue;
    }
    const [op, ins] = simplified ?? [old.op, inputs];
    const key = old.op.kind === 'input' || old.op.kind === 'state' ? undefined : JSON.stringify([op, ins, old.shape, old.dtype]);
    const existing = key === undefined ? undefined : seen.get(key);
    if (existing !== undefined && !isVersion) {
      map[old.id] = existing;
      continue;
    }
    const id = emit(op, ins, old.shape, old);
    if (key !== undefined && existing === undefined) seen.set(key, id);
    map[old.id] = id;
  }
  return remapped(graph, nodes, (id) => map[id]);
}

/**
 * A cheaper equivalent of `node` over already-rewritten `inputs`: an existing node's id, a new
 * op and inputs, or undefined to keep it.
 */
function simplify(nodes: Node[], node: Node, inputs: number[]): number | [Op, number[]] | undefined {
  const input = (k: number) => nodes[inputs[k]];
  const op = node.op;
  switch (op.kind) {
    case 'stopGradient':
      // Only autodiff reads it; once gradients are built it is the identity.
      return inputs[0];
    case 'unary':
      if (op.fn === 'identity') return inputs[0];
      if (op.fn === 'neg' && input(0).op.kind === 'unary' && (input(0).op as { fn: string }).fn === 'neg') return input(0).inputs[0];
      return undefined;
    case 'cast':
      return input(0).dtype === node.dtype ? inputs[0] : undefined;
    case 'reshape': {
      if (shapeEquals(input(0).shape, node.shape)) return inputs[0];
      if (input(0).op.kind === 'reshape') return [op, [input(0).inputs[0]]];
      return undefined;
    }
    case 'broadcast': {
      if (shapeEquals(input(0).shape, node.shape)) return inputs[0];
      // Same-rank broadcasts compose.
      if (input(0).op.kind === 'broadcast') return [op, [input(0).inputs[0]]];
      return undefined;
    }
    case 'binary': {
      const a = constantValue(nodes, input(0));
      const b = constantValue(nodes, input(1));
      if (op.fn === 'mul' && b === 1) return inputs[0];
      if (op.fn === 'mul' && a === 1) return inputs[1];
      if ((op.fn === 'add' || op.fn === 'sub') && b === 0) return inputs[0];
      if (op.fn === 'add' && a === 0) return inputs[1];
      if (op.fn === 'div' && b === 1) return inputs[0];
      return undefined;
    }
    case 'reduce': {
      // Reducing axes of length 1 moves no data.
      const x = input(0);
      if (op.axes.every((a) => x.shape[a] === 1)) return [{ kind: 'reshape' }, [inputs[0]]];
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A convolution whose kernel covers the whole unpadded image, so that the output (or, for the
 * input gradient, dy) is one pixel, is a matmul over the flattened image: DCGAN's projection
 * from the latent and its critic's last layer. As a matmul it multiplies no zero taps.
 */
function convolutionAsMatmul(nodes: Node[], node: Node, inputs: number[], add: (op: Op, inputs: number[], shape: Shape) => number): number | undefined {
  const op = node.op;
  if (op.kind !== 'conv2d' && op.kind !== 'conv2dBackpropInput' && op.kind !== 'conv2dBackpropFilter') return undefined;
  if (op.pads.some((p) => p !== 0)) return undefined;
  const [first, second] = inputs.map((i) => nodes[i]);
  const image = op.kind === 'conv2dBackpropInput' ? node : first;
  const filter = op.kind === 'conv2dBackpropFilter' ? node : second;
  const [n, h, w, c] = image.shape as [Shape[0], number, number, number];
  const [kh, kw, , oc] = filter.shape as [number, number, number, number];
  if (h !== kh || w !== kw) return undefined;
  const flat = (id: number, shape: Shape) => add({ kind: 'reshape' }, [id], shape);
  const pixels = kh * kw * c;
  const matmul = (a: number, b: number, transposeA: boolean, transposeB: boolean, shape: Shape) => add({ kind: 'matmul', transposeA, transposeB }, [a, b], shape);
  if (op.kind === 'conv2d') {
    const y = matmul(flat(inputs[0], [n, pixels]), flat(inputs[1], [pixels, oc]), false, false, [n, oc]);
    return flat(y, node.shape);
  }
  if (op.kind === 'conv2dBackpropInput') {
    const y = matmul(flat(inputs[0], [n, oc]), flat(inputs[1], [pixels, oc]), false, true, [n, pixels]);
    return flat(y, node.shape);
  }
  const y = matmul(flat(inputs[0], [n, pixels]), flat(inputs[1], [n, oc]), true, false, [pixels, oc]);
  return flat(y, node.shape);
}
