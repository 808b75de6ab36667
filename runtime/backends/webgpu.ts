import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { activate } from './activate.js';
import { prepareDawnEnvironment } from './dawn-environment.js';
import { BackendUnavailableError, firstLine } from './choice.js';

const HELP = 'run on a machine with a GPU and its Vulkan (Linux), Metal (macOS) or D3D12 (Windows) driver, or choose --backend wasm';

/**
 * Starts @tensorflow/tfjs-backend-webgpu on Dawn (npm `webgpu`). The backend module registers
 * itself only if `navigator.gpu` exists when it loads, and uses the WebGPU globals
 * (GPUBufferUsage, ...), so both are installed first, and only once an adapter is known to
 * exist: without one, nothing global is touched. A software adapter (SwiftShader, a CPU Vulkan
 * driver) is slower than wasm: `auto` passes it over; named, it starts (tests run on it).
 */
export async function startWebGpu(chosen: 'by name' | 'by auto', verbose = false): Promise<void> {
  // Dawn writes to the process's stderr itself (Vulkan loader warnings with C++ source paths,
  // XDG_RUNTIME_DIR complaints), which reads like failure. Under `auto` the adapter is first
  // looked for in a child process whose stderr is dropped: only a GPU found there loads Dawn here.
  prepareDawnEnvironment();
  if (chosen === 'by auto' && !verbose) probeQuietly();
  let dawn: Dawn;
  try {
    // `webgpu` is an ES module; import() loads it from this CommonJS module.
    dawn = (await import('webgpu')) as Dawn;
  } catch (error) {
    throw new BackendUnavailableError('webgpu', `the webgpu package (Dawn) failed to load: ${firstLine(error)}`, HELP);
  }
  const gpu = dawn.create([]);
  let adapter: object | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    throw new BackendUnavailableError('webgpu', `requesting a WebGPU adapter failed: ${firstLine(error)}`, HELP);
  }
  if (adapter === null) {
    throw new BackendUnavailableError('webgpu', 'no adapter: Dawn found no GPU it can drive', HELP);
  }
  const software = softwareAdapter(adapter);
  if (software !== undefined && chosen === 'by auto') {
    throw new BackendUnavailableError('webgpu', `only a software adapter (${software}), slower than wasm`, HELP);
  }
  installNavigatorGpu(gpu, dawn.globals);
  require('@tensorflow/tfjs-backend-webgpu');
  await activate('webgpu', 'webgpu', HELP);
}

/** What the probe child prints: the adapter's facts, or null when Dawn has none. */
const PROBE = `
import(process.argv[1]).then(async (dawn) => {
  const adapter = await dawn.create([]).requestAdapter();
  const info = adapter && adapter.info ? adapter.info : {};
  process.stdout.write(JSON.stringify(adapter === null ? null : { isFallbackAdapter: info.isFallbackAdapter, architecture: info.architecture, description: info.description }));
  process.exit(0);
});
`;

/**
 * Looks for a WebGPU adapter in a child process, its stderr discarded; throws
 * BackendUnavailableError when there is none, or only a software one (what \`auto\` passes over).
 */
function probeQuietly(): void {
  let entry: string;
  try {
    entry = require.resolve('webgpu');
  } catch (error) {
    throw new BackendUnavailableError('webgpu', `the webgpu package (Dawn) is not installed: ${firstLine(error)}`, HELP);
  }
  const probe = spawnSync(process.execPath, ['-e', PROBE, pathToFileURL(entry).href], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
  let found: Adapter['info'] | null;
  try {
    found = JSON.parse(probe.stdout) as Adapter['info'] | null;
  } catch {
    throw new BackendUnavailableError('webgpu', `looking for a WebGPU adapter failed (exit ${String(probe.status ?? probe.signal)}; --verbose shows Dawn's output)`, HELP);
  }
  if (found === null) throw new BackendUnavailableError('webgpu', 'no adapter: Dawn found no GPU it can drive', HELP);
  const software = softwareAdapter({ info: found });
  if (software !== undefined) throw new BackendUnavailableError('webgpu', `only a software adapter (${software}), slower than wasm`, HELP);
}

/** The part of the `webgpu` package used here. */
interface Dawn {
  create(flags: string[]): { requestAdapter(): Promise<Adapter | null> };
  globals: object;
}

interface Adapter {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

/** The adapter's name when it runs on the CPU (SwiftShader, or any fallback adapter); undefined for a GPU. */
export function softwareAdapter(adapter: Adapter): string | undefined {
  const info = adapter.info ?? {};
  const software = info.isFallbackAdapter === true || /swiftshader/i.test(`${info.architecture ?? ''} ${info.description ?? ''}`);
  return software ? info.description || info.architecture || 'a fallback adapter' : undefined;
}

function installNavigatorGpu(gpu: unknown, globals: object): void {
  Object.assign(globalThis, globals);
  const existing = (globalThis as { navigator?: object }).navigator;
  if (existing === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(existing, 'gpu', { value: gpu, configurable: true });
  }
}
