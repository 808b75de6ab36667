import type { Severity } from '../diagnostic.js';

/** One entry of the catalogue: a stable code, its default severity and a one-line summary. */
export interface CodeEntry {
  code: string;
  severity: Severity;
  summary: string;
}
