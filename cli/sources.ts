import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/span.js';
import { codes } from '../diagnostics/codes/index.js';
import { decodeSpec, notTextDiagnostic } from '../grammar/text.js';

/** A spec as read: its text, and when its bytes are not UTF-8, the one diagnostic to report instead of checking it. */
export type LoadedSpec =
  | { ok: true; source: SourceFile; notText?: Diagnostic }
  | { ok: false; code: string; path: string; message: string };

const reasons = new Map([
  ['ENOENT', 'no such file'],
  ['EISDIR', 'it is a folder, not a file'],
  ['EACCES', 'permission denied'],
  ['ENOTDIR', 'a part of the path is not a folder'],
]);

/** Reads a spec file; a missing or unreadable file is a usage problem with the reason, not a crash. */
export function loadSpec(path: string): LoadedSpec {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = reasons.get((error as NodeJS.ErrnoException).code ?? '') ?? (error as Error).message;
    return { ok: false, code: codes.unreadableSpec.code, path, message: `cannot read spec \`${path}\`: ${reason}` };
  }
  const { text, notText } = decodeSpec(bytes, path);
  const source = { path, text };
  return notText === undefined ? { ok: true, source } : { ok: true, source, notText: notTextDiagnostic(notText) };
}
