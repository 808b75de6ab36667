import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parseSpec } from '../grammar/index.js';
import { checkSpec, type CheckResult } from './check.js';

export type { CheckResult } from './check.js';
export type { NetworkSummary, SummaryRow } from './summary.js';
export { formatSummary } from './summary.js';

/**
 * Parses and checks a spec. Syntax diagnostics come first; checking continues on the recovered
 * AST, so one run reports every problem. The IR is present only when there are no errors.
 */
export function checkSource(text: string, path: string): CheckResult {
  const parsed = parseSpec(text, path);
  if (!parsed.parsed) return { diagnostics: parsed.diagnostics, summaries: [] };
  // A spec with syntax errors is checked (every problem in one run) but never lowered: what the
  // parser recovered, an argument with no value, is not a spec.
  const syntaxClean = !parsed.diagnostics.some((d) => d.severity === 'error');
  const checked = checkSpec(parsed.spec, { path, text }, { lower: syntaxClean });
  return {
    diagnostics: [...parsed.diagnostics, ...withoutFollowOns(checked.diagnostics, parsed.diagnostics)],
    summaries: checked.summaries,
    ir: checked.ir,
  };
}

/**
 * Drops check diagnostics on lines that have a syntax error: what the parser recovered there is
 * a guess, and complaints about the guess only bury the real mistake.
 */
function withoutFollowOns(checked: readonly Diagnostic[], syntax: readonly Diagnostic[]): Diagnostic[] {
  const brokenLines = new Set(syntax.map((d) => d.span.start.line));
  return checked.filter((d) => !brokenLines.has(d.span.start.line));
}
