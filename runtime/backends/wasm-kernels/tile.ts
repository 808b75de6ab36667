import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { registerWasmKernel, type TensorInfo } from './wasm-internals.js';

/**
 * Tile: the wasm kernel (tfjs 4.22) computes each output element's source index on its own,
 * some 250x slower than an elementwise multiply of the same size, and the batch_norm gradient
 * tiles per-channel statistics up to the whole activation (a quarter of a DCGAN step went
 * here). Built instead from block copies: the innermost axis row by row, then each outer axis
 * by copying the block just written, so repeating [1, 1, 1, C] over [N, H, W, 1] is a handful
 * of memcpys.
 */
function tile(args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: { reps: number[] } }): TensorInfo {
  const { inputs: { x }, backend, attrs: { reps } } = args;
  if (x.dtype === 'string') {
    throw new Error('Tile on wasm does not support string tensors');
  }
  if (reps.length !== x.shape.length) {
    throw new Error(`Tile: reps [${reps.join(', ')}] must have one entry per axis of x [${x.shape.join(', ')}]`);
  }
  const outShape = x.shape.map((size, axis) => size * reps[axis]);
  const out = backend.makeOutput(outShape, x.dtype);
  if (tf.util.sizeFromShape(outShape) === 0) return out;
  const target = backend.typedArrayFromHeap(out);
  const source = backend.typedArrayFromHeap(x);
  if (x.shape.length === 0) {
    target[0] = source[0];
    return out;
  }
  const inStrides = stridesOf(x.shape);
  const outStrides = stridesOf(outShape);
  const last = x.shape.length - 1;

  const fill = (axis: number, src: number, dst: number): void => {
    if (axis === last) {
      const row = source.subarray(src, src + x.shape[last]);
      for (let r = 0; r < reps[last]; r++) target.set(row, dst + r * x.shape[last]);
      return;
    }
    for (let i = 0; i < x.shape[axis]; i++) fill(axis + 1, src + i * inStrides[axis], dst + i * outStrides[axis]);
    const block = x.shape[axis] * outStrides[axis];
    for (let r = 1; r < reps[axis]; r++) target.copyWithin(dst + r * block, dst, dst + block);
  };
  fill(0, 0, 0);
  return out;
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) strides[axis] = strides[axis + 1] * shape[axis + 1];
  return strides;
}

export function registerFastTile(): void {
  registerWasmKernel({
    kernelName: tf.Tile,
    backendName: 'wasm',
    kernelFunc: tile as unknown as tf.KernelFunc,
  });
}
