import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { disposeIntermediate, originalWasmKernel, registerWasmKernel, transposeLastTwoAxes, type TensorInfo } from './wasm-internals.js';

/**
 * BatchMatMul with transposeA or transposeB. The wasm kernel (tfjs 4.22) sends transposed
 * operands down a slow path, 10-20x slower than the plain product (XNNPACK only runs the
 * untransposed case), and every dense layer's gradient asks for exactly these: dx = dy·Wᵀ and
 * dW = xᵀ·dy. Transposing first costs one fast wasm Transpose (a copy), then the plain kernel
 * runs.
 */
function batchMatMulTransposedFirst(args: { inputs: { a: TensorInfo; b: TensorInfo }; backend: BackendWasm; attrs: { transposeA: boolean; transposeB: boolean } }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const plain = originalWasmKernel(tf.BatchMatMul).kernelFunc;
  if (!attrs.transposeA && !attrs.transposeB) {
    return plain(args as unknown as Parameters<tf.KernelFunc>[0]) as TensorInfo;
  }
  const a = attrs.transposeA ? transposeLastTwoAxes(backend, inputs.a) : inputs.a;
  const b = attrs.transposeB ? transposeLastTwoAxes(backend, inputs.b) : inputs.b;
  const out = plain({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } } as unknown as Parameters<tf.KernelFunc>[0]) as TensorInfo;
  if (a !== inputs.a) disposeIntermediate(backend, a);
  if (b !== inputs.b) disposeIntermediate(backend, b);
  return out;
}

export function registerFastTransposedBatchMatMul(): void {
  const original = originalWasmKernel(tf.BatchMatMul);
  registerWasmKernel({
    kernelName: tf.BatchMatMul,
    backendName: 'wasm',
    // The original kernel binds its wasm function in setupFunc; keep it for a backend not yet initialised.
    setupFunc: original.setupFunc,
    kernelFunc: batchMatMulTransposedFirst as unknown as tf.KernelFunc,
  });
}
