import type { Span } from './span.js';

export type Severity = 'error' | 'warning';

/** A secondary place that helps explain the diagnostic ("D's input is declared here"). */
export interface Label {
  span: Span;
  message: string;
}

/**
 * A diagnostic is data: a stable code from the catalogue (`codes.ts`), a message that makes
 * sense alone (lowercase, no final period), the primary span, labelled secondary spans,
 * notes, and `help`, the only place that suggests a fix. Rendering lives in `render.ts`.
 */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  span: Span;
  /** Short text printed under the caret of the primary span. */
  label?: string;
  labels: Label[];
  notes: string[];
  help?: string;
  /**
   * Where the problem this one follows from is reported: such a diagnostic is listed right
   * after its cause, wherever its own span is (a network left without an optimizer after an
   * optimizer that names no network).
   */
  causedBy?: Span;
}

/** Diagnostics by position, each consequence right after its cause. */
export function inReadingOrder(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const place = (d: Diagnostic) => (d.causedBy ?? d.span).start.offset;
  return [...diagnostics].sort((a, b) => place(a) - place(b) || Number(a.causedBy !== undefined) - Number(b.causedBy !== undefined));
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
