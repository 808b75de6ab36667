import * as tf from '@tensorflow/tfjs';

/**
 * The gradient of ResizeNearestNeighborGrad, which tfjs 4.22 lacks ("gradient function not
 * found for ResizeNearestNeighborGrad"): a second-order gradient through `upsample`, as a
 * Wasserstein gradient penalty takes, needs it. The kernel applies Rᵀ (the adjoint of the
 * nearest-neighbour resize R) to dy, so its gradient with respect to dy is R applied to the
 * incoming gradient; `images` only supplies a shape.
 */
export function registerResizeNearestNeighborGradGradient(): void {
  if (tf.getGradient(tf.ResizeNearestNeighborGrad) !== undefined) return;
  tf.registerGradient({
    kernelName: tf.ResizeNearestNeighborGrad,
    inputsToSave: ['images', 'dy'],
    gradFunc: (upstream, saved, attrs) => {
      const [images, dy] = saved as tf.Tensor4D[];
      const { alignCorners, halfPixelCenters } = attrs as unknown as tf.ResizeNearestNeighborAttrs;
      return {
        dy: () => tf.image.resizeNearestNeighbor(upstream as tf.Tensor4D, [dy.shape[1], dy.shape[2]], alignCorners, halfPixelCenters),
        images: () => tf.zeros(images.shape),
      };
    },
  });
}
