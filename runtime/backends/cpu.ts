import { activate } from './activate.js';
import { applyCpuKernelPatches } from './cpu-kernels/index.js';

/** Starts the pure-JavaScript backend, which @tensorflow/tfjs always registers, with its kernel fixes. */
export async function startCpu(): Promise<void> {
  applyCpuKernelPatches();
  await activate('cpu', 'cpu', 'reinstall @tensorflow/tfjs');
}
