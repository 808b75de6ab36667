import type AjvType from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { Argument } from '../grammar/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { joinSpans, type Span } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import type { Evaluator, Value } from './evaluate.js';
import { optionName, Problems, relevantErrors } from './option-problems.js';
import type { CheckedOptions, OptionContext, OptionSet } from './option-set.js';
import { withSafeIntegers } from './safe-integers.js';

// Re-exported so that callers take the checker and its types from one module.
export type { CheckedOptions, OptionContext, OptionSet } from './option-set.js';

/** The options every validator is compiled with, here and by `scripts/validators.ts`. */
export const AJV_OPTIONS = { allErrors: true, verbose: true, useDefaults: true, strict: false } as const;

let ajv: AjvType | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

let recorder: ((schema: object) => void) | undefined;

/**
 * Calls `record` with every schema validated with until it is called again (with undefined to
 * stop): `scripts/validators.ts` precompiles the schemas that checking the specs and fixtures uses.
 */
export function recordSchemas(record: ((schema: object) => void) | undefined): void {
  recorder = record;
}

/**
 * Validators compiled ahead of time (`compiler/validators.generated.ts`, ajv's standalone code),
 * by the JSON of their schema: compiling them at start-up took two thirds of a `ganc check`'s
 * own time. A schema not among them (edited since) is compiled here, with the same options.
 */
interface Precompiled {
  keys: Record<string, string>;
  [name: string]: unknown;
}
let precompiled: Precompiled | undefined;

function precompiledFor(key: string): ValidateFunction | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  precompiled ??= require('./validators.generated.js') as Precompiled;
  const name = Object.hasOwn(precompiled.keys, key) ? precompiled.keys[key] : undefined;
  return name === undefined ? undefined : (precompiled[name] as ValidateFunction);
}

/** Compiles (or finds precompiled) each schema once: checking a 2,000-layer spec validates thousands of option sets. */
function validatorFor(schema: object): ValidateFunction {
  recorder?.(schema);
  let validate = compiled.get(schema);
  if (validate === undefined) {
    const safe = withSafeIntegers(schema);
    const key = JSON.stringify(safe);
    validate = process.env.GANC_NO_PRECOMPILED === '1' ? undefined : precompiledFor(key);
    if (validate === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      ajv ??= new (require('ajv') as typeof import('ajv')).default(AJV_OPTIONS);
      validate = ajv.compile(safe);
    }
    compiled.set(schema, validate);
  }
  return validate;
}

/** Names, evaluates and validates the arguments of one option set; `at` is where a missing option is reported. */
export function checkOptions(set: OptionSet, args: readonly Argument[], at: Span, context: OptionContext): CheckedOptions {
  const before = context.diagnostics.length;
  const named = nameArguments(set, args, context.diagnostics);
  // No prototype: an option named `__proto__` or `hasOwnProperty` is an ordinary unknown key.
  const data: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const values = new Map<string, Value>();
  const valueSpans = new Map<string, Span>();
  const nameSpans = new Map<string, Span>();
  const broken = new Set<string>();

  for (const { key, keySpan, value } of named) {
    nameSpans.set(key, keySpan);
    const evaluated = value === undefined ? undefined : evaluateArgument(value, context);
    if (evaluated === undefined) {
      broken.add(key);
      continue;
    }
    valueSpans.set(key, evaluated.span);
    const resolve = set.nested !== undefined && Object.hasOwn(set.nested, key) ? set.nested[key] : undefined;
    const json = resolve !== undefined ? resolve(evaluated) : toJson(evaluated, `/${key}`, values, context.diagnostics);
    if (json === undefined) broken.add(key);
    else data[key] = json;
    values.set(`/${key}`, evaluated);
  }

  reportBareWords(set, values, context.diagnostics);
  const validate = validatorFor(set.schema);
  if (!validate(data)) {
    const problems = new Problems(set, at, values, nameSpans, broken, context);
    for (const error of relevantErrors(validate.errors ?? [])) problems.report(error);
  }
  // A broken argument (its error reported elsewhere, e.g. at a failed constant) also makes the set unusable.
  // A plain object from here on (spread defines keys, so even `__proto__` stays an own key).
  return { values: { ...data }, valueSpans, ok: context.diagnostics.length === before && broken.size === 0 };
}

interface NamedArgument {
  key: string;
  keySpan: Span;
  /** One expression, or for a `...rest` positional the list of them. */
  value: Argument['value'] | { kind: 'rest'; items: Argument[]; span: Span };
}

/** Gives every argument its option name; reports extras, duplicates and misplaced positionals. */
function nameArguments(set: OptionSet, args: readonly Argument[], diagnostics: Diagnostic[]): NamedArgument[] {
  const named: NamedArgument[] = [];
  const firstSpan = new Map<string, Span>();
  const add = (key: string, keySpan: Span, value: NamedArgument['value']) => {
    const first = firstSpan.get(key);
    if (first !== undefined) {
      diagnostics.push(
        diagnostic('duplicateOption', keySpan, `option \`${key}\` of \`${set.title}\` is given twice`, {
          label: 'given again here',
          labels: [{ span: first, message: 'first given here' }],
          help: `keep one \`${key}\``,
        }),
      );
      return;
    }
    firstSpan.set(key, keySpan);
    named.push({ key, keySpan, value });
  };

  const firstNamed = args.findIndex((a) => a.name !== undefined);
  const positional = firstNamed === -1 ? args : args.slice(0, firstNamed);
  const restIndex = set.positional.findIndex((p) => p.startsWith('...'));
  const fixed = restIndex === -1 ? set.positional.length : restIndex;
  positional.slice(0, fixed).forEach((argument, i) => add(set.positional[i], argument.span, argument.value));

  const extra = positional.slice(fixed);
  if (extra.length > 0) {
    const span = joinSpans(extra[0].span, extra[extra.length - 1].span);
    if (restIndex !== -1) add(set.positional[restIndex].slice(3), span, { kind: 'rest', items: extra, span });
    else diagnostics.push(tooManyArguments(set, fixed, extra.length, span));
  }

  let reportedMisplaced = false;
  for (const argument of args.slice(positional.length)) {
    if (argument.name !== undefined) {
      add(argument.name.name, argument.name.span, argument.value);
    } else if (!reportedMisplaced) {
      reportedMisplaced = true;
      diagnostics.push(
        diagnostic('positionalAfterNamed', argument.span, `positional argument after a named one in \`${set.title}\``, {
          label: 'positional',
          help: 'put positional arguments first, or name this one',
        }),
      );
    }
  }
  return named;
}

function tooManyArguments(set: OptionSet, fixed: number, extras: number, span: Span): Diagnostic {
  const takes =
    fixed === 0 ? 'takes no positional arguments' : `takes ${fixed} positional argument${fixed === 1 ? '' : 's'} (${set.positional.join(', ')})`;
  return diagnostic('tooManyArguments', span, `\`${set.title}\` ${takes}, found ${fixed + extras}`, {
    label: extras === 1 ? 'extra argument' : 'extra arguments',
    help: 'remove it, or name the option it is meant for (`key = value`)',
  });
}

function evaluateArgument(value: NonNullable<NamedArgument['value']>, context: OptionContext): Value | undefined {
  if (value.kind !== 'rest') return context.evaluator.evaluate(value);
  const items: Value[] = [];
  for (const argument of value.items) {
    if (argument.value === undefined) return undefined;
    const item = context.evaluator.evaluate(argument.value);
    if (item === undefined) return undefined;
    items.push(item);
  }
  return { kind: 'list', items, span: value.span };
}

/** The JSON the schema validates; records each nested value by its JSON pointer. */
function toJson(value: Value, path: string, values: Map<string, Value>, diagnostics: Diagnostic[]): unknown {
  values.set(path, value);
  switch (value.kind) {
    case 'number':
    case 'string':
    case 'boolean':
      return value.value;
    case 'symbol':
      return value.name;
    case 'list': {
      const items = value.items.map((item, i) => toJson(item, `${path}/${i}`, values, diagnostics));
      return items.includes(undefined) ? undefined : items;
    }
    case 'call':
      diagnostics.push(
        diagnostic('unexpectedCall', value.span, `\`${value.callee.name}(...)\` is a call, but \`${optionName(path)}\` takes a plain value`, {
          label: 'a call',
          help: 'write a number, a string, a name or a list here',
        }),
      );
      return undefined;
  }
}

/**
 * A bare name stands for an enum-like word (`same`); where an option takes free text (a path),
 * only a quoted string is accepted, so a typo cannot silently become a folder name.
 */
function reportBareWords(set: OptionSet, values: ReadonlyMap<string, Value>, diagnostics: Diagnostic[]): void {
  const properties = (set.schema as { properties?: Record<string, { type?: unknown; enum?: unknown }> }).properties ?? {};
  for (const [key, property] of Object.entries(properties)) {
    const value = values.get(`/${key}`);
    if (value?.kind !== 'symbol' || property.type !== 'string' || property.enum !== undefined) continue;
    diagnostics.push(
      diagnostic('wrongType', value.span, `\`${key}\` of \`${set.title}\` expects a string in double quotes, found the name \`${value.name}\``, {
        label: 'not a string',
        help: `write \`${key} = "${value.name}"\``,
      }),
    );
  }
}
