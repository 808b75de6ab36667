import type { Affine } from '../../runtime/compiled/plan.js';

/**
 * Shapes of graph tensors. The batch size is symbolic: a tensor's axis 0 may be a multiple of
 * the run's batch B (`{ batch: 2 }` is 2B, D's real and fake batches side by side), and no
 * other axis may be. So every stride is a compile-time constant and only the element count,
 * and offsets past a batched axis, depend on B.
 */

export interface BatchDim {
  readonly batch: number;
}

export type Dim = number | BatchDim;
export type Shape = readonly Dim[];

export const B: BatchDim = { batch: 1 };

export function isBatch(dim: Dim): dim is BatchDim {
  return typeof dim !== 'number';
}

export function isBatched(shape: Shape): boolean {
  return shape.length > 0 && isBatch(shape[0]);
}

export function dimEquals(a: Dim, b: Dim): boolean {
  return isBatch(a) ? isBatch(b) && a.batch === b.batch : !isBatch(b) && a === b;
}

export function shapeEquals(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => dimEquals(d, b[i]));
}

/** A dim as an affine function of B. */
export function dimAffine(dim: Dim): Affine {
  return isBatch(dim) ? { perBatch: dim.batch, fixed: 0 } : { perBatch: 0, fixed: dim };
}

/** The dim's length at a concrete batch size. */
export function dimAt(dim: Dim, batch: number): number {
  return isBatch(dim) ? dim.batch * batch : dim;
}

export function shapeAt(shape: Shape, batch: number): number[] {
  return shape.map((d) => dimAt(d, batch));
}

/** Product of the fixed axes (all but a batched axis 0). */
export function fixedProduct(shape: Shape, from = 0): number {
  let product = 1;
  for (let i = from; i < shape.length; i++) {
    const d = shape[i];
    if (isBatch(d)) throw new Error(`shape ${formatShape(shape)}: a batch axis may only be axis 0`);
    product *= d;
  }
  return product;
}

/** Number of elements, as an affine function of B. */
export function elementCount(shape: Shape): Affine {
  if (shape.length === 0) return { perBatch: 0, fixed: 1 };
  const rest = fixedProduct(shape, 1);
  const first = shape[0];
  return isBatch(first) ? { perBatch: first.batch * rest, fixed: 0 } : { perBatch: 0, fixed: first * rest };
}

export function elementCountAt(shape: Shape, batch: number): number {
  const count = elementCount(shape);
  return count.perBatch * batch + count.fixed;
}

/** Row-major strides; constant because only axis 0 can be batched. */
export function strides(shape: Shape): number[] {
  const out = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = stride;
    if (i > 0) stride *= fixedProduct([shape[i]]);
  }
  return out;
}

export function formatDim(dim: Dim): string {
  if (!isBatch(dim)) return String(dim);
  return dim.batch === 1 ? 'B' : `${dim.batch}B`;
}

export function formatShape(shape: Shape): string {
  return `[${shape.map(formatDim).join(', ')}]`;
}

export function affineEquals(a: Affine, b: Affine): boolean {
  return a.perBatch === b.perBatch && a.fixed === b.fixed;
}

export function affineAdd(a: Affine, b: Affine): Affine {
  return { perBatch: a.perBatch + b.perBatch, fixed: a.fixed + b.fixed };
}

export function affineAt(a: Affine, batch: number): number {
  return a.perBatch * batch + a.fixed;
}

/** Numpy broadcasting of two shapes; a batch axis broadcasts only against 1 or the same multiple. */
export function broadcastShapes(a: Shape, b: Shape, where: string): Shape {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (dimEquals(da, db) || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else throw new Error(`${where}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (axis ${i}: ${formatDim(da)} vs ${formatDim(db)})`);
  }
  if (out.some((d, i) => i > 0 && isBatch(d))) {
    throw new Error(`${where}: broadcasting ${formatShape(a)} with ${formatShape(b)} puts the batch axis past axis 0`);
  }
  return out;
}

/** Whether `from` broadcasts to `to` under numpy rules. */
export function broadcastsTo(from: Shape, to: Shape): boolean {
  if (from.length > to.length) return false;
  const offset = to.length - from.length;
  return from.every((d, i) => d === 1 || dimEquals(d, to[offset + i]));
}

/** Sum of two dims; a fixed size and a batch multiple cannot add (0 aside). */
export function addDims(a: Dim, b: Dim): Dim {
  if (!isBatch(a) && !isBatch(b)) return a + b;
  if ((!isBatch(a) && a !== 0) || (!isBatch(b) && b !== 0)) {
    throw new Error(`cannot add ${formatDim(a)} and ${formatDim(b)}: a batch axis and a fixed size`);
  }
  return { batch: (isBatch(a) ? a.batch : 0) + (isBatch(b) ? b.batch : 0) };
}

/** a - b; the difference of equal batch multiples is 0. */
export function subtractDims(a: Dim, b: Dim): Dim {
  if (!isBatch(a) && !isBatch(b)) return a - b;
  if ((!isBatch(a) && a !== 0) || (!isBatch(b) && b !== 0)) {
    throw new Error(`cannot subtract ${formatDim(b)} from ${formatDim(a)}: a batch axis and a fixed size`);
  }
  const k = (isBatch(a) ? a.batch : 0) - (isBatch(b) ? b.batch : 0);
  if (k < 0) throw new Error(`${formatDim(a)} - ${formatDim(b)} is negative`);
  return k === 0 ? 0 : { batch: k };
}
