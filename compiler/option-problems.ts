import type { ErrorObject } from 'ajv';
import type { Span } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import { describeValue, formatNumber, type Value } from './evaluate.js';
import type { OptionContext, OptionSet } from './option-set.js';
import { LARGEST_INTEGER } from './safe-integers.js';
import { acceptsNumbers, describeSchema, rangeText, schemaWords } from './schema-text.js';
import { didYouMean, valueAliasHelp } from './suggest.js';

/** Turning ajv's errors about an option set into diagnostics in the user's terms. */

/** Drops the errors of anyOf / oneOf branches: the anyOf error itself says what was accepted. */
export function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  const seenPaths = new Set<string>();
  const kept: ErrorObject[] = [];
  for (const error of errors) {
    if (alternatives.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    const key = error.keyword === 'required' || error.keyword === 'additionalProperties' ? `${error.instancePath}:${JSON.stringify(error.params)}` : error.instancePath;
    if (seenPaths.has(key)) continue;
    seenPaths.add(key);
    kept.push(error);
  }
  return kept;
}

/** `kernel`, `betas[0]` */
export function optionName(path: string): string {
  const [key, ...rest] = path.split('/').slice(1);
  return key + rest.map((index) => `[${index}]`).join('');
}

/** Turns ajv errors into diagnostics in the user's terms, pointing at the value written. */
export class Problems {
  constructor(
    private readonly set: OptionSet,
    private readonly at: Span,
    private readonly values: ReadonlyMap<string, Value>,
    private readonly nameSpans: ReadonlyMap<string, Span>,
    private readonly broken: ReadonlySet<string>,
    private readonly context: OptionContext,
  ) {}

  report(error: ErrorObject): void {
    const path = error.instancePath;
    const topKey = path.split('/')[1];
    if (topKey !== undefined && this.broken.has(topKey)) return;
    const value = this.values.get(path);
    const span = value?.span ?? this.at;
    const name = `\`${optionName(path)}\``;
    const found = value !== undefined ? describeValue(value) : JSON.stringify(error.data);
    const push = (code: Parameters<typeof diagnostic>[0], message: string, extras: Parameters<typeof diagnostic>[3] = {}) =>
      this.context.diagnostics.push(diagnostic(code, span, message, extras));

    switch (error.keyword) {
      case 'required': {
        const missing = String(error.params.missingProperty);
        if (this.broken.has(missing)) return;
        const position = this.set.positional.indexOf(missing);
        this.context.diagnostics.push(
          diagnostic('missingOption', this.at, `\`${this.set.title}\` needs the option \`${missing}\``, {
            label: `\`${missing}\` missing`,
            help:
              position === 0
                ? `give it as the first argument or by name: \`${missing} = ...\``
                : `add \`${missing} = ...\` to the arguments`,
          }),
        );
        return;
      }
      case 'additionalProperties': {
        const unknown = String(error.params.additionalProperty);
        const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        const suggestion = didYouMean(unknown, known);
        this.context.diagnostics.push(
          diagnostic('unknownOption', this.nameSpans.get(unknown) ?? this.at, `\`${this.set.title}\` has no option \`${unknown}\``, {
            label: 'unknown option',
            help: suggestion ?? (known.length > 0 ? `remove it` : `\`${this.set.title}\` takes no options`),
            notes: known.length > 0 ? [`\`${this.set.title}\` options: ${known.join(', ')}`] : [],
          }),
        );
        return;
      }
      case 'type': {
        const expected = ([] as string[]).concat(error.params.type as string | string[]);
        if (value?.kind === 'symbol' && (expected.includes('number') || expected.includes('integer'))) {
          this.context.evaluator.reportUndefined(value.name, value.span);
          return;
        }
        if (expected.includes('integer') && value?.kind === 'number' && Number.isFinite(value.value)) {
          push('notAnInteger', `${name} of \`${this.set.title}\` must be an integer, found ${formatNumber(value.value)}`, {
            label: 'not an integer',
            help: `use a whole number${value.value > 0 ? `, e.g. ${Math.round(value.value)}` : ''}`,
          });
          return;
        }
        const wanted = describeSchema(error.parentSchema as object);
        push('wrongType', `${name} of \`${this.set.title}\` expects ${wanted}, found ${found}`, {
          label: `expected ${wanted}`,
          help: value?.kind === 'symbol' ? valueAliasHelp(value.name) : undefined,
        });
        return;
      }
      case 'enum': {
        const allowed = (error.params.allowedValues as unknown[]).map(formatJson);
        const quoted = (error.params.allowedValues as unknown[]).map(quoteJson);
        const suggestion =
          (value?.kind === 'symbol' ? valueAliasHelp(value.name) : undefined) ??
          (value?.kind === 'symbol' || value?.kind === 'string' ? didYouMean(String(error.data), allowed) : undefined);
        push('invalidChoice', `${name} of \`${this.set.title}\` cannot be ${quoteJson(error.data)}`, {
          label: 'not an allowed value',
          help: suggestion ?? `use one of: ${quoted.join(', ')}`,
          notes: suggestion !== undefined ? [`allowed values: ${quoted.join(', ')}`] : [],
        });
        return;
      }
      case 'maximum':
        if (error.params.limit === LARGEST_INTEGER) {
          push('outOfRange', `${name} of \`${this.set.title}\` must be at most 2^53 - 1 (${LARGEST_INTEGER}), found ${found}`, {
            label: 'too large',
            help: 'integers past 2^53 - 1 are not exact: use a smaller number',
          });
          return;
        }
      // falls through: any other maximum is the option's own range
      case 'minimum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const range = rangeText(error.parentSchema as object);
        push('outOfRange', `${name} of \`${this.set.title}\` must be ${range}, found ${found}`, {
          label: `must be ${range}`,
        });
        return;
      }
      case 'minItems':
      case 'maxItems': {
        const wanted = describeSchema(error.parentSchema as object);
        const count = Array.isArray(error.data) ? error.data.length : 0;
        push('wrongListLength', `${name} of \`${this.set.title}\` expects ${wanted}, found ${count} item${count === 1 ? '' : 's'}`, {
          label: `${count} item${count === 1 ? '' : 's'}`,
        });
        return;
      }
      case 'anyOf':
      case 'oneOf': {
        if (value?.kind === 'symbol') {
          const words = schemaWords(error.parentSchema as object);
          const suggestion = valueAliasHelp(value.name) ?? didYouMean(value.name, words);
          if (suggestion !== undefined || !acceptsNumbers(error.parentSchema as object)) {
            push('invalidChoice', `${name} of \`${this.set.title}\` cannot be \`${value.name}\``, {
              label: 'not an allowed value',
              help: suggestion ?? `use ${describeSchema(error.parentSchema as object)}`,
            });
          } else {
            this.context.evaluator.reportUndefined(value.name, value.span, words);
          }
          return;
        }
        const wanted = describeSchema(error.parentSchema as object);
        push('invalidValue', `${name} of \`${this.set.title}\` expects ${wanted}, found ${found}`, { label: `expected ${wanted}` });
        return;
      }
      default:
        push('invalidValue', `${name} of \`${this.set.title}\` ${error.message ?? 'is not valid'}, found ${found}`, {
          label: 'invalid value',
        });
    }
  }
}

/** A value in a message: words in backticks, lists as written. */
function quoteJson(value: unknown): string {
  return typeof value === 'string' ? `\`${value}\`` : formatJson(value);
}

function formatJson(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(formatJson).join(', ')}]`;
  return JSON.stringify(value);
}
