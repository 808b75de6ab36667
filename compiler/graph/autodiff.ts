import type { GraphBuilder, Tensor } from './builder.js';
import { elementCount, fixedProduct, formatShape } from './shape.js';
import { vjp, type Cotangent } from './vjp.js';

/**
 * Reverse-mode differentiation over the IR: appends the gradient of the scalar `loss` with
 * respect to each of `wrt` to the same graph, so gradients are ordinary nodes that later passes
 * fuse, and that can themselves be differentiated.
 *
 * A network's flat trainable vector is differentiated through its `param` views; their
 * cotangents are laid side by side with `concat` (zeros where a weight got none), so the flat
 * gradient needs no summing of padded copies and each piece can be written in place.
 */
export function gradients(b: GraphBuilder, loss: Tensor, wrt: readonly Tensor[]): Tensor[] {
  const nodes = b.graph.nodes;
  const count = elementCount(loss.shape);
  if (count.perBatch !== 0 || count.fixed !== 1) throw new Error(`gradients: the loss must be a single value, got ${formatShape(loss.shape)}`);
  const end = loss.id + 1;

  // Nodes that depend on some `wrt` and that the loss depends on.
  const dependsOnWrt = new Uint8Array(end);
  for (const w of wrt) if (w.id < end) dependsOnWrt[w.id] = 1;
  for (let id = 0; id < end; id++) {
    if (!dependsOnWrt[id] && nodes[id].inputs.some((i) => dependsOnWrt[i])) dependsOnWrt[id] = 1;
  }
  const needed = new Uint8Array(end);
  needed[loss.id] = dependsOnWrt[loss.id];
  for (let id = end - 1; id >= 0; id--) {
    if (!needed[id]) continue;
    for (const input of nodes[id].inputs) if (dependsOnWrt[input]) needed[input] = 1;
  }

  const pending = new Map<number, Exclude<Cotangent, null>[]>();
  const add = (id: number, c: Exclude<Cotangent, null>) => {
    const list = pending.get(id);
    if (list) list.push(c);
    else pending.set(id, [c]);
  };
  if (needed[loss.id]) add(loss.id, b.broadcastTo(b.constant(1), loss.shape));

  const wrtIds = new Set(wrt.map((w) => w.id));
  const done = new Map<number, Tensor>();
  for (let id = end - 1; id >= 0; id--) {
    if (!needed[id] || !pending.has(id)) continue;
    const dy = accumulate(b, nodes[id], pending.get(id)!);
    pending.delete(id);
    if (wrtIds.has(id)) done.set(id, dy);
    const node = nodes[id];
    if (node.inputs.length === 0) continue;
    const inputs = node.inputs.map((i) => nodes[i] as Tensor);
    const cotangents = b.scope('grad', () => vjp({ b, node, inputs, y: node, dy }));
    cotangents.forEach((c, i) => {
      const input = node.inputs[i];
      if (c !== null && needed[input]) add(input, c);
    });
  }
  return wrt.map((w) => done.get(w.id) ?? b.broadcastTo(b.constant(0), w.shape));
}

/** The sum of a node's cotangent contributions. */
function accumulate(b: GraphBuilder, node: Tensor, contributions: Exclude<Cotangent, null>[]): Tensor {
  const pieces = contributions.filter((c): c is { offset: number; value: Tensor } => 'offset' in c);
  const whole = contributions.filter((c): c is Tensor => !('offset' in c));
  let total: Tensor | undefined = whole.reduce<Tensor | undefined>((sum, c) => (sum ? b.add(sum, c) : c), undefined);
  if (pieces.length > 0) {
    const flat = b.scope('grad', () => assemble(b, fixedProduct(node.shape), pieces));
    total = total ? b.add(total, flat) : flat;
  }
  return total!;
}

/** A flat vector of `length` from cotangent pieces at offsets: summed per offset, zeros between. */
function assemble(b: GraphBuilder, length: number, pieces: { offset: number; value: Tensor }[]): Tensor {
  const byOffset = new Map<number, Tensor>();
  for (const piece of pieces) {
    const sum = byOffset.get(piece.offset);
    byOffset.set(piece.offset, sum ? b.add(sum, piece.value) : piece.value);
  }
  const parts: Tensor[] = [];
  let at = 0;
  for (const offset of [...byOffset.keys()].sort((x, y) => x - y)) {
    const value = byOffset.get(offset)!;
    if (offset < at) throw new Error(`gradients: weights overlap at offset ${offset} of a flat vector`);
    if (offset > at) parts.push(b.broadcastTo(b.constant(0), [offset - at]));
    parts.push(value);
    at = offset + (value.shape[0] as number);
  }
  if (at < length) parts.push(b.broadcastTo(b.constant(0), [length - at]));
  return b.concat(parts, 0);
}
