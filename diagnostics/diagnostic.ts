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
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
