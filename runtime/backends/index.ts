import * as tf from '@tensorflow/tfjs';
import { AUTO_ORDER, BackendUnavailableError, type BackendChoice, type BackendName, type ConcreteBackendName } from './choice.js';
import { startCpu } from './cpu.js';
import { CPU_KERNEL_PATCHES } from './cpu-kernels/index.js';
import { registerMissingGradients } from './gradients/index.js';
import { startTensorflowNode } from './tensorflow-node.js';
import { startWasm } from './wasm.js';
import { WASM_KERNEL_PATCHES } from './wasm-kernels/index.js';
import { startWebGpu } from './webgpu.js';

export { BACKEND_NAMES, BackendUnavailableError, type BackendChoice, type BackendName } from './choice.js';

type Chosen = 'by name' | 'by auto';

const STARTERS: Record<ConcreteBackendName, (chosen: Chosen, verbose: boolean) => Promise<void>> = {
  'tensorflow-gpu': () => startTensorflowNode('tensorflow-gpu'),
  tensorflow: () => startTensorflowNode('tensorflow'),
  webgpu: startWebGpu,
  wasm: startWasm,
  cpu: startCpu,
};

/**
 * Loads and activates a backend (tf.setBackend + tf.ready). `auto` tries tensorflow-gpu,
 * tensorflow, webgpu, wasm, cpu in that order and records why each earlier one was passed over.
 * A backend asked for by name that cannot start throws BackendUnavailableError with the reason
 * and what to do — never a silent fallback. Under `auto`, Dawn's own stderr is hidden unless
 * `verbose` (or GANC_VERBOSE=1).
 */
export async function selectBackend(requested: BackendName, options: { verbose?: boolean } = {}): Promise<BackendChoice> {
  const verbose = options.verbose === true || process.env.GANC_VERBOSE === '1';
  registerMissingGradients();
  if (requested !== 'auto') {
    const start = STARTERS[requested];
    if (start === undefined) {
      throw new Error(`unknown backend '${String(requested)}': expected one of auto, ${AUTO_ORDER.join(', ')}`);
    }
    await start('by name', verbose);
    return { name: requested, passedOver: [] };
  }
  const passedOver: BackendChoice['passedOver'] = [];
  for (const name of AUTO_ORDER) {
    try {
      await STARTERS[name]('by auto', verbose);
      return { name, passedOver };
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      passedOver.push({ name, reason: error.reason });
    }
  }
  throw new Error(`no backend could start:\n${passedOver.map((p) => `  ${p.name}: ${p.reason}`).join('\n')}`);
}

/** Lines for the trainer to print: the backend in use, then each one passed over and why. */
export function describeChoice(choice: BackendChoice): string[] {
  return [
    `backend: ${choice.name} (${detailOf(choice.name)})`,
    ...choice.passedOver.map((p) => `  passed over ${p.name}: ${p.reason}`),
    ...fasterHint(choice),
  ];
}

/**
 * When `auto` settled on wasm or cpu: one line on what would be faster and how to get it.
 * tfjs-node is an optional dependency whose install downloads libtensorflow; it is absent where
 * that download failed (or optional dependencies were omitted).
 */
function fasterHint(choice: BackendChoice): string[] {
  if ((choice.name !== 'wasm' && choice.name !== 'cpu') || choice.passedOver.length === 0) return [];
  const passed = new Set(choice.passedOver.map((p) => p.name));
  if (!passed.has('tensorflow')) return [];
  return [
    '  faster: `tensorflow` (libtensorflow on the CPU, multi-threaded): `npm install @tensorflow/tfjs-node` where it can download libtensorflow; on a machine with a GPU, `webgpu` (Vulkan, Metal or D3D12 driver) or `tensorflow-gpu` (CUDA)',
  ];
}

function detailOf(name: ConcreteBackendName): string {
  switch (name) {
    case 'tensorflow-gpu': return 'libtensorflow with CUDA, via @tensorflow/tfjs-node-gpu';
    case 'tensorflow': return 'libtensorflow on the CPU, via @tensorflow/tfjs-node';
    case 'webgpu': return 'WebGPU on Dawn';
    case 'cpu': return `pure JavaScript, the slowest; patched kernels: ${CPU_KERNEL_PATCHES.join(', ')}`;
    case 'wasm': {
      // Both flags are settled once the wasm backend has started (it reads them to pick its binary).
      const simd = tf.env().get('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
      const threads = tf.env().get('WASM_HAS_MULTITHREAD_SUPPORT') ? 'multi-threaded' : 'single-threaded';
      return `WebAssembly, ${simd}, ${threads}; patched kernels: ${WASM_KERNEL_PATCHES.join(', ')}`;
    }
  }
}
