import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { registerWasmKernel, type TensorInfo } from './wasm-internals.js';

/**
 * UnsortedSegmentSum: missing from the wasm backend (tfjs 4.22); the gradient of gather, and so
 * of every embedding (label_embed), is a segment sum. One pass over x adds each slice into its
 * segment's row. Ids outside [0, numSegments) add nothing, as on the cpu backend.
 */
function unsortedSegmentSum(args: { inputs: { x: TensorInfo; segmentIds: TensorInfo }; backend: BackendWasm; attrs: { numSegments: number } }): TensorInfo {
  const { inputs: { x, segmentIds }, backend, attrs: { numSegments } } = args;
  const idCount = tf.util.sizeFromShape(segmentIds.shape);
  const sliceSize = idCount === 0 ? 0 : tf.util.sizeFromShape(x.shape) / idCount;
  if (!tf.util.arraysEqual(x.shape.slice(0, segmentIds.shape.length), segmentIds.shape)) {
    throw new Error(`UnsortedSegmentSum: segmentIds shape [${segmentIds.shape.join(', ')}] must lead x's shape [${x.shape.join(', ')}]`);
  }
  const out = backend.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const sums = backend.typedArrayFromHeap(out);
  const values = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  sums.fill(0);
  for (let i = 0; i < idCount; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue;
    const dst = segment * sliceSize;
    const src = i * sliceSize;
    for (let j = 0; j < sliceSize; j++) sums[dst + j] += values[src + j];
  }
  return out;
}

export function registerUnsortedSegmentSum(): void {
  registerWasmKernel({
    kernelName: tf.UnsortedSegmentSum,
    backendName: 'wasm',
    kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
  });
}
