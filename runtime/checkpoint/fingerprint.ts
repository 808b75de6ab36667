import type * as tf from '@tensorflow/tfjs';

/**
 * What a checkpoint's weights mean, beyond their shapes: each network's layers (class and
 * config, activations included) and how D's output is read (the loss). Two specs whose layers
 * have the same shapes but other activations, or another loss, give other fingerprints, so a
 * run cannot resume under a spec that changed underneath it. Computed from what the runtime has
 * (the built tfjs models and the program), never from the spec text.
 */
export interface SpecFingerprint {
  name: string;
  /** How D's output reads: `probability`, `logit` or `critic`. Absent in an export, which holds no D. */
  scores?: string;
  networks: { generator: LayerPrint[]; discriminator?: LayerPrint[] };
  /** Optimizer class names; absent in an export. */
  optimizers?: { generator: string; discriminator: string };
}

export interface LayerPrint {
  className: string;
  config: unknown;
}

/**
 * Config keys that differ between identical networks: layer names are numbered per process
 * (`dense_Dense7`), and initializers only matter before the first step.
 */
function meaningless(key: string): boolean {
  return key === 'name' || key.endsWith('Initializer') || key.endsWith('initializer');
}

function withoutMeaningless(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMeaningless);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !meaningless(key))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, inner]) => [key, withoutMeaningless(inner)]),
  );
}

export function modelPrint(model: tf.LayersModel): LayerPrint[] {
  return model.layers.map((layer) => ({ className: layer.getClassName(), config: withoutMeaningless(layer.getConfig()) }));
}

/** The fingerprint of a trainer's networks, as saved with each checkpoint. */
export function trainingFingerprint(parts: {
  name: string;
  scores: string;
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer };
}): SpecFingerprint {
  return {
    name: parts.name,
    scores: parts.scores,
    networks: { generator: modelPrint(parts.generator), discriminator: modelPrint(parts.discriminator) },
    optimizers: { generator: parts.optimizers.generator.getClassName(), discriminator: parts.optimizers.discriminator.getClassName() },
  };
}

/** At most this many differences are named; the rest are counted. */
const NAMED_DIFFERENCES = 4;

/**
 * Where two fingerprints differ, in words: "discriminator layer 7 (Dense): activation is
 * "sigmoid" in the checkpoint, "linear" here". Empty when they are equal.
 */
export function fingerprintDifferences(saved: SpecFingerprint, current: SpecFingerprint): string[] {
  const differences: string[] = [];
  const differ = (what: string, a: unknown, b: unknown) => differences.push(`${what} is ${show(a)} in the checkpoint, ${show(b)} here`);
  if (saved.name !== current.name) differ('the spec', saved.name, current.name);
  if (saved.scores !== current.scores) differ("D's output (the loss)", saved.scores, current.scores);
  for (const role of ['generator', 'discriminator'] as const) {
    const before = saved.networks[role] ?? [];
    const after = current.networks[role] ?? [];
    if (before.length !== after.length) differ(`the ${role}'s layer count`, before.length, after.length);
    for (let i = 0; i < Math.min(before.length, after.length); i += 1) {
      const where = `${role} layer ${i + 1} (${after[i].className})`;
      if (before[i].className !== after[i].className) differ(`${role} layer ${i + 1}`, before[i].className, after[i].className);
      else compareValues(`${where}:`, before[i].config, after[i].config, differ);
    }
  }
  for (const role of ['generator', 'discriminator'] as const) {
    const before = saved.optimizers?.[role];
    const after = current.optimizers?.[role];
    if (before !== after) differ(`the ${role}'s optimizer`, before, after);
  }
  if (differences.length <= NAMED_DIFFERENCES) return differences;
  return [...differences.slice(0, NAMED_DIFFERENCES), `and ${differences.length - NAMED_DIFFERENCES} more differences`];
}

function compareValues(path: string, a: unknown, b: unknown, differ: (what: string, a: unknown, b: unknown) => void): void {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      compareValues(`${path} ${key}`, (a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], differ);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) differ(path, a, b);
}

function show(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}
