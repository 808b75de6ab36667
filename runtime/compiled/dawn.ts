import { prepareDawnEnvironment } from '../backends/dawn-environment.js';

/**
 * A WebGPU device from Dawn (npm `webgpu`), with the largest buffer limits the adapter allows
 * (a plan's arena can exceed the default 128 MiB binding). The object `create()` returns must
 * stay referenced while the device lives, or Dawn crashes; `DawnDevice` holds it.
 */

export interface DawnDevice {
  device: GPUDevice;
  adapterInfo: string;
  /** Errors no error scope caught (a validation error in a submitted iteration), in order. */
  errors: string[];
  /** Dawn's GPU object, kept alive with the device. */
  readonly gpu: GPU;
}

interface DawnModule {
  create(flags: string[]): GPU;
  globals: object;
}

export class NoWebGpuAdapterError extends Error {}

export async function createDawnDevice(): Promise<DawnDevice> {
  prepareDawnEnvironment();
  const dawn = (await import('webgpu')) as unknown as DawnModule;
  // GPUBufferUsage, GPUMapMode, ... as the browser has them.
  Object.assign(globalThis, dawn.globals);
  // Every compiled kernel writes its workgroup memory before reading it, so Dawn's zeroing of
  // it is pure cost: on SwiftShader it made each tiled GEMM take ~1.6 s to compile, not ~70 ms.
  const gpu = dawn.create(['enable-dawn-features=disable_workgroup_init']);
  const adapter = await gpu.requestAdapter();
  if (adapter === null) {
    throw new NoWebGpuAdapterError(
      'no WebGPU adapter: Dawn found no GPU it can drive (without a GPU, set VK_ICD_FILENAMES to a SwiftShader ICD, e.g. /usr/lib/chromium/vk_swiftshader_icd.json)',
    );
  }
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
    },
  });
  const errors: string[] = [];
  device.addEventListener('uncapturederror', (event) => errors.push((event as GPUUncapturedErrorEvent).error.message));
  const info = adapter.info;
  return { device, gpu, errors, adapterInfo: [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') };
}
