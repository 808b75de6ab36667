import type { SettingKeyword } from '../../grammar/ast.js';
import type { FrameworkDefaults } from '../frameworks.js';

/** One variant of a settings statement (`data mnist`, `loss bce`, a schedule `step`), or a statement's only option set. */
export interface SettingsVariant {
  name: string;
  /** One line for docs and "did you mean" lists. */
  summary: string;
  /** Names of the positional arguments, in order. */
  positional: readonly string[];
  /** JSON Schema of the options; defaults are applied from it. */
  schema: object;
  /** Defaults that differ by the spec's framework, in place of the schema's own. */
  frameworkDefaults?: FrameworkDefaults;
}

/** A settings statement's kind: its variants, or none (`train(...)`), and the line to add when it is missing. */
export interface SettingsKind {
  keyword: SettingKeyword | 'schedule';
  /** What a variant is called in messages ("data source", "loss"); undefined when the statement takes none. */
  variantNoun?: string;
  variants: ReadonlyMap<string, SettingsVariant>;
  /** A complete example line, shown as the fix when the statement is missing. */
  example: string;
}

export function variantMap(...variants: SettingsVariant[]): ReadonlyMap<string, SettingsVariant> {
  return new Map(variants.map((v) => [v.name, v]));
}

/** The options schema of a layer, loss or scheme that takes none. */
export const noOptions = { type: 'object', properties: {}, additionalProperties: false } as const;

/** Schema fragments several settings share. */
export const positiveInteger = { type: 'integer', minimum: 1 } as const;
export const positiveNumber = { type: 'number', exclusiveMinimum: 0 } as const;
export const unitInterval = { type: 'number', minimum: 0, exclusiveMaximum: 1 } as const;
