import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { disposeIntermediate, registerWasmKernel, runWasmKernel, type TensorInfo } from './wasm-internals.js';

/**
 * Conv2DBackpropInput: the wasm kernel (tfjs 4.22) is a direct loop, about 10x slower than the
 * XNNPACK conv2d of the same size, and it is both every conv2d_transpose's forward pass and every
 * conv2d's input gradient. Computed instead as one plain matmul and col2im: the columns
 * C[n·oh·ow, kh·kw·ci] = dy·Wᵀ (Wᵀ from the fast wasm Transpose, so no transposed matmul), then
 * each column is added back onto the input pixels its receptive field covers.
 */
interface Conv2DBackpropInputAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

function conv2dBackpropInput(args: { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: BackendWasm; attrs: Conv2DBackpropInputAttrs }): TensorInfo {
  const { inputs: { dy, filter }, backend, attrs } = args;
  if (attrs.dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropInput on wasm supports dataFormat NHWC only, got ${attrs.dataFormat}`);
  }
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32') {
    throw new Error(`Conv2DBackpropInput on wasm supports float32 only, got ${dy.dtype} and ${filter.dtype}`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const [filterHeight, filterWidth, inChannels, outChannels] = filter.shape;
  const positions = info.batchSize * info.outHeight * info.outWidth;
  const patchSize = filterHeight * filterWidth * inChannels;

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
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const rowLength = filterWidth * inChannels;
  dx.fill(0);
  let row = 0;
  for (let n = 0; n < batchSize; n++) {
    const imageStart = n * inHeight * inWidth * inChannels;
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const iw0 = ow * strideWidth - left;
        const kwFirst = Math.max(0, -iw0);
        const kwEnd = Math.min(filterWidth, inWidth - iw0);
        const length = (kwEnd - kwFirst) * inChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight - top + kh;
          if (ih < 0 || ih >= inHeight || length <= 0) continue;
          const src = row + kh * rowLength + kwFirst * inChannels;
          const dst = imageStart + (ih * inWidth + iw0 + kwFirst) * inChannels;
          for (let j = 0; j < length; j++) dx[dst + j] += columns[src + j];
        }
        row += filterHeight * rowLength;
      }
    }
  }
}

export function registerConv2DBackpropInput(): void {
  registerWasmKernel({
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc,
  });
}
