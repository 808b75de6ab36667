import * as tf from '@tensorflow/tfjs';

type Initializer = ReturnType<typeof tf.initializers.zeros>;

/**
 * Resolves an initializer as a layer config spells it: a TF.js name (`'glorotUniform'`,
 * `'heNormal'`, `'zeros'`, ...) or a serialized `{ className, config }` object.
 */
export function resolveInitializer(spec: unknown, where: string): Initializer {
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
