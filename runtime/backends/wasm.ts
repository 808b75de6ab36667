import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { activate } from './activate.js';
import { applyWasmKernelPatches } from './wasm-kernels/index.js';

const HELP = 'reinstall @tensorflow/tfjs-backend-wasm (its dist/ folder must hold the .wasm files), or choose --backend cpu';

/**
 * Starts the WebAssembly backend (XNNPACK). Under Node, 4.22 looks for its .wasm files next to
 * its bundle (the bundle's __dirname); the folder is set from the package's resolved location
 * instead, so it does not depend on which of the package's bundles was loaded.
 * It picks the SIMD binary when WebAssembly SIMD validates (it does on Node 20). Its threaded
 * build stays off under Node: WASM_HAS_MULTITHREAD_SUPPORT is false there (tfjs issue #3830),
 * and forcing it fails, since Emscripten starts its workers from blob: URLs that Node's Worker
 * rejects (ERR_WORKER_PATH). So it runs single-threaded. The kernel patches go in before
 * activation.
 */
export async function startWasm(): Promise<void> {
  if (tf.findBackend('wasm') === null) {
    setWasmPaths(wasmDistFolder());
  }
  applyWasmKernelPatches();
  await activate('wasm', 'wasm', HELP);
}

export function wasmDistFolder(): string {
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
}
