import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { disposeIntermediate, registerWasmKernel, runWasmKernel, type TensorInfo } from './wasm-internals.js';

/**
 * Conv2DBackpropFilter: the wasm backend (tfjs 4.22) has no such kernel, and every conv2d and
 * conv2d_transpose weight gradient needs it. It is computed as im2col + one plain matmul:
 * P[n·oh·ow, kh·kw·ci] holds the input patches, dW = Pᵀ·dy. Pᵀ comes from the fast wasm
 * Transpose (a plain matmul with P on the left would need the slow transposeA path), and dy is
 * the small right operand that XNNPACK packs.
 */
interface Conv2DBackpropFilterAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

function conv2dBackpropFilter(args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: BackendWasm; attrs: Conv2DBackpropFilterAttrs }): TensorInfo {
  const { inputs: { x, dy }, backend, attrs } = args;
  if (attrs.dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropFilter on wasm supports dataFormat NHWC only, got ${attrs.dataFormat}`);
  }
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`Conv2DBackpropFilter on wasm supports float32 only, got ${x.dtype} and ${dy.dtype}`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const [filterHeight, filterWidth, inChannels, outChannels] = attrs.filterShape;
  const positions = info.batchSize * info.outHeight * info.outWidth;
  const patchSize = filterHeight * filterWidth * inChannels;

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

/**
 * Writes the im2col matrix: one row per output position, the row being the receptive field
 * (kh, kw, ci) with zeros where it hangs over the padding. Along kw the field is contiguous in
 * NHWC memory, so each (position, kh) is one block copy.
 */
function fillPatches(out: Float32Array, x: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const rowLength = filterWidth * inChannels;
  let row = 0;
  for (let n = 0; n < batchSize; n++) {
    const imageStart = n * inHeight * inWidth * inChannels;
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const iw0 = ow * strideWidth - left;
        const kwFirst = Math.max(0, -iw0);
        const kwEnd = Math.min(filterWidth, inWidth - iw0);
        for (let kh = 0; kh < filterHeight; kh++) {
          const dst = row + kh * rowLength;
          const ih = oh * strideHeight - top + kh;
          if (ih < 0 || ih >= inHeight || kwEnd <= kwFirst) {
            out.fill(0, dst, dst + rowLength);
            continue;
          }
          if (kwFirst > 0) out.fill(0, dst, dst + kwFirst * inChannels);
          const src = imageStart + (ih * inWidth + iw0 + kwFirst) * inChannels;
          out.set(x.subarray(src, src + (kwEnd - kwFirst) * inChannels), dst + kwFirst * inChannels);
          if (kwEnd < filterWidth) out.fill(0, dst + kwEnd * inChannels, dst + rowLength);
        }
        row += filterHeight * rowLength;
      }
    }
  }
}

export function registerConv2DBackpropFilter(): void {
  registerWasmKernel({
    kernelName: tf.Conv2DBackpropFilter,
    backendName: 'wasm',
    kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
  });
}
