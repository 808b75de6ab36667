/**
 * The frameworks a spec can declare (`framework pytorch`, `framework keras`): each fixes the
 * defaults that differ between them, so a spec trains as its lab's script did. What each
 * default is lives with the part it belongs to (a layer kind, a loss, an optimizer), keyed by
 * framework; this module only names them.
 */
export const frameworks = ['pytorch', 'keras'] as const;

export type Framework = (typeof frameworks)[number];

/** A spec that declares no framework gets PyTorch's defaults, as most of the seeds. */
export const defaultFramework: Framework = 'pytorch';

/** Option defaults that differ by framework, as a registry entry lists them: `{ keras: { eps: 1e-3 } }`. */
export type FrameworkDefaults = Partial<Record<Framework, Record<string, unknown>>>;

const schemas = new WeakMap<object, Map<Framework, object>>();

/**
 * An options schema with the framework's defaults in place of the entry's own (made once per
 * schema and framework: ajv compiles each schema object once).
 */
export function schemaFor(schema: object, defaults: FrameworkDefaults | undefined, framework: Framework): object {
  const overrides = defaults?.[framework];
  if (overrides === undefined) return schema;
  let byFramework = schemas.get(schema);
  if (byFramework === undefined) schemas.set(schema, (byFramework = new Map()));
  let made = byFramework.get(framework);
  if (made === undefined) {
    const properties = (schema as { properties: Record<string, object> }).properties;
    const replaced = Object.fromEntries(
      Object.entries(properties).map(([name, property]) => [name, name in overrides ? { ...property, default: overrides[name] } : property]),
    );
    made = { ...schema, properties: replaced };
    byFramework.set(framework, made);
  }
  return made;
}
