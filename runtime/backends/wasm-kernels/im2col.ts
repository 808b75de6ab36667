import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from './wasm-internals.js';

/**
 * The im2col layout both conv backprop kernels work in: one row per output position (n, oh, ow),
 * the row being that position's receptive field (kh, kw, ci) in NHWC order.
 */
export interface ConvBackpropAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export interface ConvGeometry {
  info: tf.backend_util.Conv2DInfo;
  outChannels: number;
  /** Rows of the im2col matrix: batch * outHeight * outWidth. */
  positions: number;
  /** Columns of the im2col matrix: filterHeight * filterWidth * inChannels. */
  patchSize: number;
}

/** Checks what the fast kernels support (NHWC, float32) and works out the convolution's geometry. */
export function convGeometry(
  kernelName: string,
  attrs: ConvBackpropAttrs,
  inputShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  operands: readonly TensorInfo[],
): ConvGeometry {
  if (attrs.dataFormat !== 'NHWC') {
    throw new Error(`${kernelName} on wasm supports dataFormat NHWC only, got ${attrs.dataFormat}`);
  }
  if (operands.some((t) => t.dtype !== 'float32')) {
    throw new Error(`${kernelName} on wasm supports float32 only, got ${operands.map((t) => t.dtype).join(' and ')}`);
  }
  const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const [filterHeight, filterWidth, inChannels, outChannels] = filterShape;
  return {
    info,
    outChannels,
    positions: info.batchSize * info.outHeight * info.outWidth,
    patchSize: filterHeight * filterWidth * inChannels,
  };
}

/**
 * Calls `visit` for every run of the im2col matrix that lies inside the image: along kw a
 * receptive field is contiguous in NHWC memory, so each (position, kh) is one run of `length`
 * values at `patchOffset` in the matrix and `imageOffset` in the image. Runs over the padding are
 * skipped: those matrix entries stand for zeros.
 */
export function forEachPatchRun(
  info: tf.backend_util.Conv2DInfo,
  visit: (patchOffset: number, imageOffset: number, length: number) => void,
): void {
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
        const length = (Math.min(filterWidth, inWidth - iw0) - kwFirst) * inChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight - top + kh;
          if (ih < 0 || ih >= inHeight || length <= 0) continue;
          visit(row + kh * rowLength + kwFirst * inChannels, imageStart + (ih * inWidth + iw0 + kwFirst) * inChannels, length);
        }
        row += filterHeight * rowLength;
      }
    }
  }
}
