import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnostic } from '../diagnostics/make.js';
import type { Span } from '../diagnostics/span.js';
import { positionAt } from './spans.js';

/**
 * Whether a file is text at all. A binary file (an image, a weights file) lexes as hundreds of
 * bad characters; one error saying what it is helps more. UTF-8 BOMs and CRLF are text.
 */

/** A file with more than this share of control or replacement characters is not text. */
const MAX_CONTROL_SHARE = 0.1;

// C0 controls but tab, line feed, form feed and carriage return; DEL; C1 controls; U+FFFD, what a decoder makes of bytes that are not UTF-8.
const controlCharacter = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufffd]/g;

export interface NotText {
  span: Span;
  reason: string;
}

/** Why `text` is not a spec's text (a NUL, or mostly control characters), located at the first such character. */
export function notTextReason(text: string, path: string): NotText | undefined {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return { span: characterSpan(text, nul, path), reason: 'it holds a NUL character' };
  const controls = text.match(controlCharacter);
  if (controls === null || controls.length <= MAX_CONTROL_SHARE * text.length) return undefined;
  const first = text.search(controlCharacter);
  return {
    span: characterSpan(text, first, path),
    reason: `${controls.length} of its ${text.length} characters are control characters`,
  };
}

export function notTextDiagnostic(notText: NotText): Diagnostic {
  return diagnostic('notText', notText.span, `this file is not text: ${notText.reason}`, {
    help: 'a spec is a UTF-8 text file: check that this is the file you meant, or save it as UTF-8',
  });
}

/** The span of the one UTF-16 unit at `offset`. */
export function characterSpan(text: string, offset: number, path: string): Span {
  const start = positionAt(text, offset);
  return { file: path, start, end: { offset: offset + 1, line: start.line, column: start.column + 1 } };
}

/**
 * The text of a spec file's bytes, without a UTF-8 byte order mark (so columns count as an
 * editor does). Bytes that are not UTF-8 give a `notText` reason at the first of them.
 */
export function decodeSpec(bytes: Uint8Array, path: string): { text: string; notText?: NotText } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoded = buffer.toString('utf8');
  const text = decoded.startsWith('\ufeff') ? decoded.slice(1) : decoded;
  const bad = firstInvalidByte(buffer, decoded);
  if (bad === undefined) return { text };
  const offset = buffer.subarray(0, bad).toString('utf8').length - (decoded.length - text.length);
  const byte = `0x${buffer[bad].toString(16).padStart(2, '0')}`;
  return { text, notText: { span: characterSpan(text, offset, path), reason: `byte ${bad} (${byte}) is not UTF-8` } };
}

/** Valid UTF-8 decodes and encodes back to the same bytes; the first byte that does not is the first invalid one. */
function firstInvalidByte(bytes: Buffer, decoded: string): number | undefined {
  const again = Buffer.from(decoded, 'utf8');
  const length = Math.min(bytes.length, again.length);
  for (let i = 0; i < length; i += 1) if (bytes[i] !== again[i]) return i;
  return bytes.length === again.length ? undefined : length;
}
