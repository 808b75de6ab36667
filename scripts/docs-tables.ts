import { layerKinds } from '../compiler/layers/registry.js';
import { lossKinds } from '../compiler/losses/registry.js';
import { optimizerKinds } from '../compiler/optimizers/registry.js';
import { describeSchema } from '../compiler/schema-text.js';

/**
 * The reference tables of `docs/language.md` that list a registry (layers, losses, optimizers),
 * made from the registries themselves: a kind added to a registry appears in the docs with its
 * options and defaults when `npm run generate` runs, and a test fails while the docs lag.
 */

interface Documented {
  name: string;
  summary: string;
  positional: readonly string[];
  schema: object;
}

interface PropertySchema {
  default?: unknown;
}

/** A default as a spec writes it: `[0.9, 0.999]`, `true`, `constant`. */
function written(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(written).join(', ')}]`;
  if (typeof value === 'object' && value !== null && 'kind' in value) return String((value as { kind: unknown }).kind);
  return JSON.stringify(value);
}

/** `units (p)`, `bias = true`, `lr` *(required)*: each option with how it is given and its default. */
function options(kind: Documented): string {
  const schema = kind.schema as { properties?: Record<string, PropertySchema>; required?: string[] };
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return 'none';
  const positional = kind.positional.map((name) => name.replace(/^\.\.\./, ''));
  return properties
    .map(([name, property]) => {
      const marks = [positional.includes(name) ? '(p)' : '', schema.required?.includes(name) ? '*(required)*' : ''].filter(Boolean).join(' ');
      const value = property.default === undefined ? `\`${name}\`` : `\`${name} = ${written(property.default)}\``;
      return [value, marks].filter(Boolean).join(' ');
    })
    .join(', ');
}

function table(kinds: Iterable<Documented>): string {
  const rows = [...kinds].map((kind) => `| \`${kind.name}\` | ${options(kind)} | ${kind.summary} |`);
  return ['| kind | options | what it is |', '|---|---|---|', ...rows].join('\n');
}

/** Each layer's options with the values they take, for the layer reference. */
function layerTable(): string {
  const rows = [...layerKinds.values()].map((kind) => {
    const properties = Object.entries((kind.schema as { properties?: Record<string, object> }).properties ?? {});
    const values = properties.map(([name, schema]) => `\`${name}\`: ${describeSchema(schema)}`).join('; ');
    return `| \`${kind.name}\` | ${options(kind)} | ${values || '-'} | ${kind.summary} |`;
  });
  return ['| layer | options | values | what it does |', '|---|---|---|---|', ...rows].join('\n');
}

export const docsTables: Record<string, () => string> = {
  layers: layerTable,
  losses: () => table(lossKinds.values()),
  optimizers: () => table(optimizerKinds.values()),
};

const marker = (name: string, end: boolean) => `<!-- ${end ? 'end ' : ''}generated table: ${name} (npm run generate) -->`;

/** The document with every marked table replaced by the registry's; throws if a marker is missing. */
export function withTables(document: string): string {
  let text = document;
  for (const [name, make] of Object.entries(docsTables)) {
    const start = text.indexOf(marker(name, false));
    const end = text.indexOf(marker(name, true));
    if (start < 0 || end < start) throw new Error(`docs/language.md lacks the markers of the ${name} table: ${marker(name, false)} ... ${marker(name, true)}`);
    text = `${text.slice(0, start)}${marker(name, false)}\n${make()}\n${text.slice(end)}`;
  }
  return text;
}
