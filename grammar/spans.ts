import type { Position, Span } from '../diagnostics/span.js';
import type { CstNodeLocation, IToken } from './chevrotain.js';

/**
 * Spans from Chevrotain positions. Chevrotain's ends are inclusive; ours are exclusive.
 * Tokens never span lines (strings stop at the end of a line), so the end column is on
 * the start line.
 */

export function tokenSpan(token: IToken, file: string): Span {
  return {
    file,
    start: { offset: token.startOffset, line: token.startLine ?? 1, column: token.startColumn ?? 1 },
    end: { offset: (token.endOffset ?? token.startOffset) + 1, line: token.endLine ?? 1, column: (token.endColumn ?? 0) + 1 },
  };
}

/** The span of a CST node, or undefined for a recovered node that holds no real token. */
export function locationSpan(location: CstNodeLocation | undefined, file: string): Span | undefined {
  if (location === undefined || Number.isNaN(location.startOffset) || location.endOffset === undefined) return undefined;
  return {
    file,
    start: { offset: location.startOffset, line: location.startLine ?? 1, column: location.startColumn ?? 1 },
    end: { offset: location.endOffset + 1, line: location.endLine ?? 1, column: (location.endColumn ?? 0) + 1 },
  };
}

/** The position just past the last character (line terminators as the lexer counts them). */
export function endPosition(text: string): Position {
  return positionAt(text, text.length);
}

/** The line and column of a UTF-16 offset, counting `\r\n`, `\r` and `\n` as one line break each, as the lexer does. */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lineCount = (before.match(/\r\n?|\n/g)?.length ?? 0) + 1;
  const lastBreakEnd = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  return { offset, line: lineCount, column: offset - lastBreakEnd + 1 };
}

/** A zero-width span at the end of the file, for "found the end of the file". */
export function endOfFileSpan(text: string, file: string): Span {
  const end = endPosition(text);
  return { file, start: end, end };
}

export function wholeFileSpan(text: string, file: string): Span {
  return { file, start: { offset: 0, line: 1, column: 1 }, end: endPosition(text) };
}
