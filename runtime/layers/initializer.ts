import * as tf from '@tensorflow/tfjs';

type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** True for an initializer object (tfjs exports no class to test against). */
export function isInitializer(value: unknown): value is Initializer {
  return value instanceof tf.serialization.Serializable && typeof (value as Partial<Initializer>).apply === 'function';
}

/** An initializer as a model config stores it: `{ className, config }`. */
export function serializedInitializer(initializer: Initializer): tf.serialization.ConfigDict {
  return { className: initializer.getClassName(), config: initializer.getConfig() };
}

/**
 * Resolves an initializer as a layer config spells it: an initializer object, a TF.js name
 * (`'glorotUniform'`, `'heNormal'`, `'zeros'`, ...) or a serialized `{ className, config }` object.
 */
export function resolveInitializer(spec: unknown, where: string): Initializer {
  if (isInitializer(spec)) return spec;
  if (typeof spec === 'string') {
    const factory = (tf.initializers as unknown as Record<string, unknown>)[spec];
    if (typeof factory !== 'function') {
      throw new Error(`${where}: unknown initializer '${spec}'`);
    }
    return (factory as (args: object) => Initializer)({});
  }
  if (typeof spec === 'object' && spec !== null && typeof (spec as { className?: unknown }).className === 'string') {
    const { className, config } = spec as { className: string; config?: tf.serialization.ConfigDict };
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
    if (!entry) throw new Error(`${where}: unknown initializer class '${className}'`);
    const [cls, fromConfig] = entry;
    return fromConfig(cls, config ?? {}) as unknown as Initializer;
  }
  throw new Error(`${where}: an initializer must be a name or a { className, config } object`);
}
