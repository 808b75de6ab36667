/** A place in a source file. Lines and columns are 1-based; offsets are 0-based UTF-16 indices. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** A half-open range [start, end) in one file. */
export interface Span {
  file: string;
  start: Position;
  end: Position;
}

/** A source file as the diagnostics renderer needs it: its path and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** The span that covers both `a` and `b` (same file). */
export function joinSpans(a: Span, b: Span): Span {
  return {
    file: a.file,
    start: a.start.offset <= b.start.offset ? a.start : b.start,
    end: a.end.offset >= b.end.offset ? a.end : b.end,
  };
}
