import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * Vulkan's window-system code, which Dawn loads even without a window, writes
 * `error: XDG_RUNTIME_DIR is invalid or not set in the environment.` when the variable does not
 * name a directory (containers, CI, ssh sessions). It is harmless but reads like failure, so
 * before Dawn starts a missing or broken value is replaced by a private (0700) folder of this
 * process's own; a valid one is left alone.
 */
export function prepareDawnEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  if (isDirectory(env.XDG_RUNTIME_DIR)) return;
  env.XDG_RUNTIME_DIR = mkdtempSync(path.join(tmpdir(), 'ganc-runtime-'));
}

function isDirectory(folder: string | undefined): boolean {
  if (folder === undefined || folder === '') return false;
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
