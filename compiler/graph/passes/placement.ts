import type { Affine } from '../../../runtime/compiled/plan.js';
import type { Graph, Node } from '../ir.js';
import { nodeClass } from '../node-class.js';
import { affineAdd, elementCount } from '../shape.js';

/**
 * Where some values must live, decided before fusion:
 * - every version of a slot lives in the slot's buffer (an optimizer updates weights in place);
 * - a concat on axis 0 whose pieces are each produced by a kernel anyway (weight gradients, the
 *   real batch beside G's fakes) is not copied: each piece is written at its offset in the
 *   concat's buffer, and the concat is only a name for that buffer.
 */

export type PinTarget = { kind: 'slot'; slot: string } | { kind: 'concat'; node: number };

export interface Pin {
  target: PinTarget;
  /** Words from the target's start. */
  offset: Affine;
}

export interface Placement {
  /** Node -> where it is stored. Pinned nodes are never views. */
  pins: Map<number, Pin>;
  /** Concats that are their pieces' shared buffer, computed by no kernel. */
  placedConcats: Set<number>;
}

/** The node a chain of reshapes shows, which holds the words. */
export function reshapeBase(graph: Graph, id: number): number {
  let node = graph.nodes[id];
  while (node.op.kind === 'reshape') node = graph.nodes[node.inputs[0]];
  return node.id;
}

export function place(graph: Graph): Placement {
  const pins = new Map<number, Pin>();
  const placedConcats = new Set<number>();
  for (const [slot, versions] of Object.entries(graph.versions)) {
    for (const version of versions) {
      if (pins.has(version)) throw new Error(`node %${version} is a version of two slots (${slot} and another)`);
      pins.set(version, { target: { kind: 'slot', slot }, offset: { perBatch: 0, fixed: 0 } });
    }
  }
  const isPiece = new Set<number>();
  for (let id = graph.nodes.length - 1; id >= 0; id--) {
    const node = graph.nodes[id];
    if (node.op.kind !== 'concat' || node.op.axis !== 0) continue;
    const bases = node.inputs.map((i) => reshapeBase(graph, i));
    const distinct = new Set(bases).size === bases.length;
    if (!distinct || !bases.every((base) => !pins.has(base) && !isPiece.has(base) && placeable(graph, graph.nodes[base], placedConcats))) continue;
    let offset: Affine = { perBatch: 0, fixed: 0 };
    bases.forEach((base, k) => {
      pins.set(base, { target: { kind: 'concat', node: id }, offset });
      isPiece.add(base);
      offset = affineAdd(offset, elementCount(graph.nodes[node.inputs[k]].shape));
    });
    placedConcats.add(id);
  }
  return { pins, placedConcats };
}

/** A piece costs no extra kernel when pinned: it is stored by the kernel that makes it anyway. */
function placeable(graph: Graph, base: Node, placedConcats: Set<number>): boolean {
  if (base.op.kind === 'input') return true;
  if (base.op.kind === 'concat' && placedConcats.has(base.id)) return true;
  const kind = nodeClass(base);
  if (kind === 'heavy') return true;
  // A zero gap in a flat gradient: one fill kernel.
  if (base.op.kind === 'broadcast' && graph.nodes[base.inputs[0]].op.kind === 'constant') return true;
  if (kind !== 'pointwise') return false;
  // An epilogue of a contraction or reduction (bias, activation, the sum of two weight
  // gradients, a batch-norm scale's gradient), a few pointwise ops from it.
  return nearHeavy(graph, base, 4);
}

function nearHeavy(graph: Graph, node: Node, depth: number): boolean {
  if (depth === 0) return false;
  return node.inputs.some((i) => {
    const input = graph.nodes[reshapeBase(graph, i)];
    const kind = nodeClass(input);
    return kind === 'heavy' || (kind === 'pointwise' && nearHeavy(graph, input, depth - 1));
  });
}
