import * as tf from '@tensorflow/tfjs';
import { activate } from './activate.js';
import { BackendUnavailableError, firstLine } from './choice.js';

const PACKAGES = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
} as const;

/**
 * Starts libtensorflow through @tensorflow/tfjs-node(-gpu). They are optional dependencies whose
 * install step downloads libtensorflow, so they are often absent: loaded with a dynamic require,
 * telling "not installed" apart from "installed but failed to load". Both register the tfjs
 * backend 'tensorflow'.
 */
export async function startTensorflowNode(backend: keyof typeof PACKAGES): Promise<void> {
  const pkg = PACKAGES[backend];
  const install = backend === 'tensorflow-gpu'
    ? `install it with \`npm install ${pkg}\` (downloads libtensorflow with CUDA; needs an NVIDIA GPU, CUDA 11.2 and cuDNN 8.1), or choose --backend wasm`
    : `install it with \`npm install ${pkg}\` (downloads libtensorflow for this platform), or choose --backend wasm`;
  try {
    require.resolve(pkg);
  } catch {
    throw new BackendUnavailableError(backend, `${pkg} is not installed`, install);
  }
  try {
    require(pkg);
  } catch (error) {
    throw new BackendUnavailableError(backend, `${pkg} failed to load: ${firstLine(error)}`,
      `reinstall it (\`npm rebuild ${pkg}\`) so that its libtensorflow download completes, or choose --backend wasm`);
  }
  if (tf.findBackendFactory('tensorflow') === null) {
    throw new BackendUnavailableError(backend, `${pkg} loaded but registered no 'tensorflow' backend with this copy of @tensorflow/tfjs`,
      `install the ${pkg} version that matches @tensorflow/tfjs ${tf.version.tfjs}`);
  }
  await activate(backend, 'tensorflow', install);
}
