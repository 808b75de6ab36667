import '@tensorflow/tfjs-backend-wasm';
import { registerFastTransposedBatchMatMul } from './batch-mat-mul.js';
import { registerConv2DBackpropFilter } from './conv2d-backprop-filter.js';
import { registerConv2DBackpropInput } from './conv2d-backprop-input.js';
import { registerFastTile } from './tile.js';
import { registerUnsortedSegmentSum } from './unsorted-segment-sum.js';

/**
 * Kernels that training needs and the wasm backend (tfjs 4.22) lacks or runs slowly, found by
 * running a training step of every layer of the language on wasm. One module per kernel.
 */
export const WASM_KERNEL_PATCHES = ['BatchMatMul', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Tile', 'UnsortedSegmentSum'] as const;

let applied = false;

/** Registers the patches for the wasm backend; later calls do nothing. */
export function applyWasmKernelPatches(): void {
  if (applied) return;
  registerFastTransposedBatchMatMul();
  registerConv2DBackpropFilter();
  registerConv2DBackpropInput();
  registerFastTile();
  registerUnsortedSegmentSum();
  applied = true;
}
