import { registerCpuResizeNearestNeighborGrad } from './resize-nearest-neighbor-grad.js';

/** Kernels of the cpu backend (tfjs 4.22) that give wrong results for training. One module per kernel. */
export const CPU_KERNEL_PATCHES = ['ResizeNearestNeighborGrad'] as const;

let applied = false;

export function applyCpuKernelPatches(): void {
  if (applied) return;
  registerCpuResizeNearestNeighborGrad();
  applied = true;
}
