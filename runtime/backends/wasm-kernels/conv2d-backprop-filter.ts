import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { convGeometry, forEachPatchRun, type ConvBackpropAttrs } from './im2col.js';
import { disposeIntermediate, registerWasmKernel, runWasmKernel, type TensorInfo } from './wasm-internals.js';

/**
 * Conv2DBackpropFilter: the wasm backend (tfjs 4.22) has no such kernel, and every conv2d and
 * conv2d_transpose weight gradient needs it. It is computed as im2col + one plain matmul:
 * P[n·oh·ow, kh·kw·ci] holds the input patches, dW = Pᵀ·dy. Pᵀ comes from the fast wasm
 * Transpose (a plain matmul with P on the left would need the slow transposeA path), and dy is
 * the small right operand that XNNPACK packs.
 */
interface Conv2DBackpropFilterAttrs extends ConvBackpropAttrs {
  filterShape: [number, number, number, number];
}

function conv2dBackpropFilter(args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: BackendWasm; attrs: Conv2DBackpropFilterAttrs }): TensorInfo {
  const { inputs: { x, dy }, backend, attrs } = args;
  const { info, outChannels, positions, patchSize } = convGeometry(
    'Conv2DBackpropFilter', attrs, x.shape as [number, number, number, number], attrs.filterShape, [x, dy]);

  const patches = backend.makeOutput([1, positions, patchSize], 'float32');
  fillPatches(backend.typedArrayFromHeap(patches) as Float32Array, backend.typedArrayFromHeap(x) as Float32Array, info);
  const patchesT = runWasmKernel('Transpose', backend, { x: patches }, { perm: [0, 2, 1] });
  disposeIntermediate(backend, patches);
  const dy3 = runWasmKernel('Reshape', backend, { x: dy }, { shape: [1, positions, outChannels] });
  const product = runWasmKernel(tf.BatchMatMul, backend, { a: patchesT, b: dy3 }, { transposeA: false, transposeB: false });
  disposeIntermediate(backend, patchesT);
  disposeIntermediate(backend, dy3);
  const filterGrad = runWasmKernel('Reshape', backend, { x: product }, { shape: attrs.filterShape });
  disposeIntermediate(backend, product);
  return filterGrad;
}

/** Writes the im2col matrix, zeros where a receptive field hangs over the padding. */
function fillPatches(out: Float32Array, x: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  out.fill(0);
  forEachPatchRun(info, (patchOffset, imageOffset, length) => out.set(x.subarray(imageOffset, imageOffset + length), patchOffset));
}

export function registerConv2DBackpropFilter(): void {
  registerWasmKernel({
    kernelName: tf.Conv2DBackpropFilter,
    backendName: 'wasm',
    kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
  });
}
