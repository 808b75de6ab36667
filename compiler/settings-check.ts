import type { Identifier, SettingStatement } from '../grammar/ast.js';
import type { Span } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import { schemaFor } from './frameworks.js';
import { describeValue, type Value } from './evaluate.js';
import { checkOptions, type CheckedOptions, type OptionContext, type OptionSet } from './options.js';
import { scheduleKind } from './settings/schedule.js';
import type { SettingsKind, SettingsVariant } from './settings/variant.js';
import { didYouMean, listWords } from './suggest.js';

/** A settings statement whose variant is known and whose options were validated. */
export interface CheckedSetting {
  /** Undefined for an optional statement the spec leaves out (its defaults apply). */
  statement?: SettingStatement;
  /** The variant (`mnist`, `adam`); '' for statements without one. */
  variant: string;
  options: CheckedOptions;
}

/** Checks one settings statement; undefined when its variant is missing or unknown (reported). */
export function checkSetting(kind: SettingsKind, statement: SettingStatement, context: OptionContext): CheckedSetting | undefined {
  const variant = resolveVariant(kind, statement.variant, statement.keywordSpan, context);
  if (variant === undefined) return undefined;
  const at = statement.variant?.span ?? statement.keywordSpan;
  const options = checkOptions(optionSet(kind, variant, context), statement.args, at, context);
  return { statement, variant: variant.name, options };
}

/** An optional statement the spec leaves out: its defaults. */
export function defaultSetting(kind: SettingsKind, at: Span, context: OptionContext): CheckedSetting {
  const variant = [...kind.variants.values()][0];
  return { variant: variant.name, options: checkOptions(optionSet(kind, variant, context), [], at, context) };
}

function title(kind: SettingsKind, variant: SettingsVariant): string {
  return variant.name === '' ? kind.keyword : `${kind.keyword} ${variant.name}`;
}

function optionSet(kind: SettingsKind, variant: SettingsVariant, context: OptionContext): OptionSet {
  const set: OptionSet = { title: title(kind, variant), positional: variant.positional, schema: schemaFor(variant.schema, variant.frameworkDefaults, context.framework) };
  if (kind.keyword === 'optimizer') set.nested = { schedule: (value) => checkVariantValue(scheduleKind, 'schedule', value, context) };
  return set;
}

function resolveVariant(kind: SettingsKind, name: Identifier | undefined, keywordSpan: Span, context: OptionContext): SettingsVariant | undefined {
  const names = [...kind.variants.keys()];
  if (kind.variantNoun === undefined) {
    if (name === undefined) return kind.variants.get('');
    context.diagnostics.push(
      diagnostic('unexpectedVariant', name.span, `\`${kind.keyword}\` takes no kind, found \`${name.name}\``, {
        label: 'unexpected',
        help: `write \`${kind.example}\``,
      }),
    );
    return undefined;
  }
  if (name === undefined) {
    context.diagnostics.push(
      diagnostic('missingVariant', keywordSpan, `\`${kind.keyword}\` needs a ${kind.variantNoun}: ${listWords(names)}`, {
        help: `write e.g. \`${kind.example}\``,
      }),
    );
    return undefined;
  }
  const variant = kind.variants.get(name.name);
  if (variant !== undefined) return variant;
  context.diagnostics.push(
    diagnostic('unknownVariant', name.span, `unknown ${kind.variantNoun} \`${name.name}\``, {
      label: `not ${withArticle(kind.variantNoun ?? 'kind')}`,
      help: didYouMean(name.name, names) ?? `use ${listWords(names)}`,
      notes: [`${kind.variantNoun}s: ${names.join(', ')}`],
    }),
  );
  return undefined;
}

/**
 * An option whose value names a variant of `kind`, with options of its own: an optimizer's
 * `schedule = step(every = 10)`, a layer's `init = normal(0, 0.02)`; as `{ kind, ...options }`.
 */
export function checkVariantValue(kind: SettingsKind, option: string, value: Value, context: OptionContext): unknown {
  if (value.kind === 'symbol' || value.kind === 'call') {
    const name = value.kind === 'symbol' ? { name: value.name, span: value.span } : value.callee;
    const variant = resolveVariant(kind, name, value.span, context);
    if (variant === undefined) return undefined;
    const args = value.kind === 'call' ? value.args : [];
    const schema = schemaFor(variant.schema, variant.frameworkDefaults, context.framework);
    const checked = checkOptions({ title: variant.name, positional: variant.positional, schema }, args, name.span, context);
    return checked.ok ? { kind: variant.name, ...checked.values } : undefined;
  }
  const names = [...kind.variants.keys()];
  const noun = withArticle(kind.variantNoun ?? 'kind');
  context.diagnostics.push(
    diagnostic('wrongType', value.span, `\`${option}\` expects ${noun} (${listWords(names)}), found ${describeValue(value)}`, {
      label: `not ${noun}`,
      help: `write e.g. \`${kind.example}\``,
    }),
  );
  return undefined;
}

/** `a schedule`, `an init scheme`. */
function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}
