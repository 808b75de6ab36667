import * as tf from '@tensorflow/tfjs';

/**
 * ResizeNearestNeighborGrad for the cpu backend. The one in tfjs 4.22 reads dy at the images'
 * batch offset instead of dy's own, so for a batch of more than one image every image but the
 * first gets the wrong gradient (the `upsample` layer then trains on garbage). This one scatters
 * each dy pixel onto the source pixel the forward resize read it from, using the forward
 * kernel's own mapping, which makes it the exact adjoint of that resize.
 */
interface CpuBackend {
  data: { get(dataId: object): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function resizeNearestNeighborGrad(args: { inputs: { images: tf.TensorInfo; dy: tf.TensorInfo }; backend: CpuBackend; attrs: tf.ResizeNearestNeighborAttrs }): tf.TensorInfo {
  const { inputs: { images, dy }, backend, attrs: { alignCorners, halfPixelCenters } } = args;
  const [batch, inHeight, inWidth, depth] = images.shape;
  const [, outHeight, outWidth] = dy.shape;
  const dyValues = backend.data.get(dy.dataId).values;
  const dx = new Float32Array(batch * inHeight * inWidth * depth);
  const rows = sourceIndices(inHeight, outHeight, alignCorners, halfPixelCenters);
  const cols = sourceIndices(inWidth, outWidth, alignCorners, halfPixelCenters);
  let src = 0;
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < outHeight; r++) {
      const rowStart = (b * inHeight + rows[r]) * inWidth;
      for (let c = 0; c < outWidth; c++) {
        const dst = (rowStart + cols[c]) * depth;
        for (let d = 0; d < depth; d++) dx[dst + d] += dyValues[src++];
      }
    }
  }
  return backend.makeTensorInfo(images.shape, 'float32', dx);
}

/** For each output row (or column), the input row the cpu ResizeNearestNeighbor kernel reads. */
function sourceIndices(inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): Int32Array {
  const effectiveIn = alignCorners && outSize > 1 ? inSize - 1 : inSize;
  const effectiveOut = alignCorners && outSize > 1 ? outSize - 1 : outSize;
  const ratio = effectiveIn / effectiveOut;
  const indices = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const frac = halfPixelCenters ? ratio * (i + 0.5) : ratio * i;
    let nearest = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
    if (halfPixelCenters) nearest = Math.max(0, nearest);
    indices[i] = nearest;
  }
  return indices;
}

export function registerCpuResizeNearestNeighborGrad(): void {
  if (tf.getKernel(tf.ResizeNearestNeighborGrad, 'cpu') !== undefined) {
    tf.unregisterKernel(tf.ResizeNearestNeighborGrad, 'cpu');
  }
  tf.registerKernel({ kernelName: tf.ResizeNearestNeighborGrad, backendName: 'cpu', kernelFunc: resizeNearestNeighborGrad as unknown as tf.KernelFunc });
}
