import type { Diagnostic, Label } from './diagnostic.js';
import type { Span } from './span.js';
import { codes, type CodeName } from './codes/index.js';

export interface DiagnosticExtras {
  label?: string;
  labels?: Label[];
  notes?: string[];
  help?: string;
  /** Overrides the catalogue's severity (a check that is an error in one context, a warning in another). */
  severity?: Diagnostic['severity'];
  /** The span of the diagnostic this one follows from (see `Diagnostic.causedBy`). */
  causedBy?: Span;
}

/** Builds a diagnostic from a catalogue entry; the only way diagnostics are made. */
export function diagnostic(name: CodeName, span: Span, message: string, extras: DiagnosticExtras = {}): Diagnostic {
  const entry = codes[name];
  return {
    severity: extras.severity ?? entry.severity,
    code: entry.code,
    message,
    span,
    label: extras.label,
    labels: extras.labels ?? [],
    notes: extras.notes ?? [],
    help: extras.help,
    ...(extras.causedBy === undefined ? {} : { causedBy: extras.causedBy }),
  };
}
