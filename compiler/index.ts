import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parseSpec } from '../grammar/index.js';
import { checkSpec, type CheckResult } from './check.js';
import { checkSweep, type SweepReport } from './sweep-check.js';

export type { CheckResult } from './check.js';
export type { SweepReport, TrialReport } from './sweep-check.js';

/** A spec's check, with its sweep's trials when it has one. */
export interface SourceCheckResult extends CheckResult {
  sweep?: SweepReport;
}
export type { NetworkSummary, SummaryRow } from './summary.js';
export { formatSummary } from './summary.js';

/**
 * Parses and checks a spec. Syntax diagnostics come first; checking continues on the recovered
 * AST, so one run reports every problem. The IR is present only when there are no errors.
 */
export function checkSource(text: string, path: string): SourceCheckResult {
  const parsed = parseSpec(text, path);
  if (!parsed.parsed) return { diagnostics: parsed.diagnostics, summaries: [] };
  // A spec with syntax errors is checked (every problem in one run) but never lowered: what the
  // parser recovered, an argument with no value, is not a spec.
  const syntaxClean = !parsed.diagnostics.some((d) => d.severity === 'error');
  const checked = checkSpec(parsed.spec, { path, text }, { lower: syntaxClean });
  const own = [...parsed.diagnostics, ...withoutFollowOns(checked.diagnostics, parsed.diagnostics)];
  // Every trial of a sweep is checked as the spec it is; a sweep error or a trial that fails is an error of the spec.
  const sweep = checkSweep(parsed.spec, text, path, !own.some((d) => d.severity === 'error'));
  const sweepErrors = sweep.diagnostics.some((d) => d.severity === 'error');
  return {
    diagnostics: [...own, ...withoutFollowOns(sweep.diagnostics, parsed.diagnostics)],
    summaries: checked.summaries,
    ir: sweepErrors ? undefined : checked.ir,
    ...(sweep.report === undefined ? {} : { sweep: sweep.report }),
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
