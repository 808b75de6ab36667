import { readFileSync } from 'node:fs';
import type { SourceFile } from '../diagnostics/span.js';
import { codes } from '../diagnostics/codes/index.js';

export type LoadedSpec = { ok: true; source: SourceFile } | { ok: false; code: string; path: string; message: string };

/** Reads a spec file; a missing or unreadable file is a usage problem with the reason, not a crash. */
export function loadSpec(path: string): LoadedSpec {
  try {
    return { ok: true, source: { path, text: readFileSync(path, 'utf8') } };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { ok: false, code: codes.unreadableSpec.code, path, message: `cannot read spec \`${path}\`: ${reason}` };
  }
}
