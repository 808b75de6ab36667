import { existsSync } from 'node:fs';
import { createDawnDevice, type DawnDevice } from '../../runtime/compiled/dawn.js';

/**
 * The tests' WebGPU device. Without a GPU they run on SwiftShader (a CPU Vulkan driver that
 * Chromium ships): when VK_ICD_FILENAMES is unset and SwiftShader's ICD is where Debian's
 * chromium package puts it, it is used. No adapter is a failure, never a skip.
 */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let device: Promise<DawnDevice> | undefined;

export function testDevice(): Promise<DawnDevice> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    process.env.XDG_RUNTIME_DIR ??= '/tmp';
  }
  device ??= createDawnDevice();
  return device;
}
