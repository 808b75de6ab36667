import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The module specifier a trainer written into `outDir` uses for the runtime at `runtimeFile`:
 * relative, with `/` separators, starting with `.` (a bare name would be looked up in node_modules).
 */
export function relativeRuntimeImport(outDir: string, runtimeFile: string): string {
  if (!isAbsolute(runtimeFile)) throw new Error(`relativeRuntimeImport: the runtime path must be absolute, got ${runtimeFile}`);
  const path = relative(resolve(outDir), runtimeFile).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}
