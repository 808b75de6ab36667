import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Helpers for kernels written against the wasm backend's own storage: tensors live in the
 * wasm heap, `makeOutput` allocates there and `typedArrayFromHeap` gives a view on it. Views
 * go stale when the heap grows, so take them after the last allocation and before the next.
 */

export type TensorInfo = tf.TensorInfo;

/** Runs a kernel that the wasm backend registers itself (not one of our patches). */
export function runWasmKernel(
  kernelName: string,
  backend: BackendWasm,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown> = {},
): TensorInfo {
  const config = originalWasmKernel(kernelName);
  return config.kernelFunc({ inputs, backend, attrs } as unknown as Parameters<tf.KernelFunc>[0]) as TensorInfo;
}

const originals = new Map<string, tf.KernelConfig>();

/**
 * The wasm backend's own config for a kernel, remembered the first time it is asked for, so
 * that a patch which replaces a kernel can still call the one it replaced.
 */
export function originalWasmKernel(kernelName: string): tf.KernelConfig {
  let config = originals.get(kernelName);
  if (config === undefined) {
    config = tf.getKernel(kernelName, 'wasm');
    if (config === undefined) {
      throw new Error(`the wasm backend has no '${kernelName}' kernel to build on (is @tensorflow/tfjs-backend-wasm loaded?)`);
    }
    originals.set(kernelName, config);
  }
  return config;
}

/** Frees an intermediate made inside a kernel. */
export function disposeIntermediate(backend: BackendWasm, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** Registers `config` for wasm, replacing the kernel of that name if one is registered. */
export function registerWasmKernel(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, 'wasm') !== undefined) {
    tf.unregisterKernel(config.kernelName, 'wasm');
  }
  tf.registerKernel(config);
}

/** A transposed copy of the last two axes of `x`. */
export function transposeLastTwoAxes(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return runWasmKernel('Transpose', backend, { x }, { perm });
}
