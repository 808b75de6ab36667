import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseSpec } from '../grammar/index.js';
import { checkSpec, type CheckResult } from './check.js';
import { applyOverrides, withOverrideNotes, type Overridden, type Override } from './overrides.js';
import { checkSweep, type SweepReport } from './sweep-check.js';

export type { CheckResult } from './check.js';
export type { Overridden, Override } from './overrides.js';
export { parseOverride } from './overrides.js';
export type { SweepReport, TrialReport } from './sweep-check.js';

/** A spec's check, with its sweep's trials when it has one, and its `--set` overrides when given. */
export interface SourceCheckResult extends CheckResult {
  sweep?: SweepReport;
  /** The text checked (the spec with the overrides in) and how its diagnostics were mapped back; absent without overrides. */
  overridden?: Overridden;
}
export type { NetworkSummary, SummaryRow } from './summary.js';
export { formatSummary } from './summary.js';

/**
 * Parses and checks a spec. Syntax diagnostics come first; checking continues on the recovered
 * AST, so one run reports every problem. The IR is present only when there are no errors.
 * With overrides, the spec checked is its text with them put in (`overrides.ts`); every
 * diagnostic is mapped back to the spec file or to the `--set` whose value it lies in.
 */
export function checkSource(text: string, path: string, overrides: readonly Override[] = []): SourceCheckResult {
  if (overrides.length === 0) return checkText(text, path);
  const parsed = parseSpec(text, path);
  if (!parsed.parsed) return { diagnostics: parsed.diagnostics, summaries: [] };
  const overridden = applyOverrides(parsed.spec, text, overrides);
  const checked = checkText(overridden.text, path);
  // The overrides' own problems first, then those that moved into a `--set`, then the spec's in reading order.
  const mapped = checked.diagnostics.map(overridden.mapBack);
  const inSpec = withOverrideNotes(mapped.filter((d) => d.span.file === path), checkText(text, path).diagnostics, overrides);
  const diagnostics = [...overridden.diagnostics, ...mapped.filter((d) => d.span.file !== path), ...inSpec];
  return { ...checked, diagnostics, ir: hasErrors(overridden.diagnostics) ? undefined : checked.ir, overridden };
}

function checkText(text: string, path: string): SourceCheckResult {
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
