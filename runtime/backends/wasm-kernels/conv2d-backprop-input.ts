import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { convGeometry, forEachPatchRun, type ConvBackpropAttrs } from './im2col.js';
import { disposeIntermediate, registerWasmKernel, runWasmKernel, type TensorInfo } from './wasm-internals.js';

/**
 * Conv2DBackpropInput: the wasm kernel (tfjs 4.22) is a direct loop, about 10x slower than the
 * XNNPACK conv2d of the same size, and it is both every conv2d_transpose's forward pass and every
 * conv2d's input gradient. Computed instead as one plain matmul and col2im: the columns
 * C[n·oh·ow, kh·kw·ci] = dy·Wᵀ (Wᵀ from the fast wasm Transpose, so no transposed matmul), then
 * each column is added back onto the input pixels its receptive field covers.
 */
interface Conv2DBackpropInputAttrs extends ConvBackpropAttrs {
  inputShape: [number, number, number, number];
}

function conv2dBackpropInput(args: { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: BackendWasm; attrs: Conv2DBackpropInputAttrs }): TensorInfo {
  const { inputs: { dy, filter }, backend, attrs } = args;
  const { info, outChannels, positions, patchSize } = convGeometry(
    'Conv2DBackpropInput', attrs, attrs.inputShape, filter.shape as [number, number, number, number], [dy, filter]);

  const filter3 = runWasmKernel('Reshape', backend, { x: filter }, { shape: [1, patchSize, outChannels] });
  const filterT = runWasmKernel('Transpose', backend, { x: filter3 }, { perm: [0, 2, 1] });
  disposeIntermediate(backend, filter3);
  const dy3 = runWasmKernel('Reshape', backend, { x: dy }, { shape: [1, positions, outChannels] });
  const columns = runWasmKernel(tf.BatchMatMul, backend, { a: dy3, b: filterT }, { transposeA: false, transposeB: false });
  disposeIntermediate(backend, dy3);
  disposeIntermediate(backend, filterT);

  const dx = backend.makeOutput(attrs.inputShape, 'float32');
  addColumns(backend.typedArrayFromHeap(dx) as Float32Array, backend.typedArrayFromHeap(columns) as Float32Array, info);
  disposeIntermediate(backend, columns);
  return dx;
}

/** col2im: the inverse layout of im2col, summing where receptive fields overlap. */
function addColumns(dx: Float32Array, columns: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  dx.fill(0);
  forEachPatchRun(info, (patchOffset, imageOffset, length) => {
    for (let j = 0; j < length; j++) dx[imageOffset + j] += columns[patchOffset + j];
  });
}

export function registerConv2DBackpropInput(): void {
  registerWasmKernel({
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc,
  });
}
