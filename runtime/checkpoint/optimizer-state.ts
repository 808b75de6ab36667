import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileChecked } from '../files.js';
import { CheckpointError } from './error.js';

interface OptimizerManifest {
  className: string;
  weights: tf.io.WeightsManifestEntry[];
  /** Running products the optimizer keeps outside getWeights (Adam's beta powers). */
  exact: Record<string, number>;
}

/**
 * Adam keeps beta1^t and beta2^t as running products, but its setWeights recomputes them as
 * pow(beta, t), which differs in the last float32 bit; a resumed run would then drift from
 * the uninterrupted one. Saving the products themselves keeps resume exact.
 */
const RUNNING_PRODUCTS = ['accBeta1', 'accBeta2'] as const;

function runningProducts(optimizer: tf.Optimizer): Partial<Record<(typeof RUNNING_PRODUCTS)[number], tf.Variable>> {
  const fields = optimizer as unknown as Record<string, unknown>;
  return Object.fromEntries(RUNNING_PRODUCTS.filter((name) => fields[name] instanceof tf.Variable).map((name) => [name, fields[name] as tf.Variable]));
}

/** Writes `optimizer.getWeights()` (iteration count, moments) as `<name>.json` + `<name>.bin`. */
export async function saveOptimizerState(optimizer: tf.Optimizer, folder: string, name: string): Promise<void> {
  const weights = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(weights);
  // getWeights makes a fresh scalar for the iteration count; the rest are the optimizer's own variables.
  tf.dispose(weights.filter((weight) => weight.name === 'iter').map((weight) => weight.tensor));
  const exact: Record<string, number> = {};
  for (const [field, variable] of Object.entries(runningProducts(optimizer))) exact[field] = (await variable.data())[0];
  const manifest: OptimizerManifest = { className: optimizer.getClassName(), weights: specs, exact };
  writeFileChecked(join(folder, `${name}.json`), JSON.stringify(manifest));
  writeFileChecked(join(folder, `${name}.bin`), Buffer.from(data));
}

/** Puts saved state back into a fresh optimizer of the same kind. */
export async function loadOptimizerState(optimizer: tf.Optimizer, folder: string, name: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(folder, `${name}.json`), 'utf8')) as OptimizerManifest;
  if (manifest.className !== optimizer.getClassName()) {
    throw new CheckpointError(`the checkpoint's ${name} optimizer is ${manifest.className}, this trainer's is ${optimizer.getClassName()}`);
  }
  const bytes = readFileSync(join(folder, `${name}.bin`));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const tensors = tf.io.decodeWeights(buffer, manifest.weights);
  // setWeights takes the list in saved order (optimizers match moments to variables by position).
  await optimizer.setWeights(manifest.weights.map((spec) => ({ name: spec.name, tensor: tensors[spec.name] })));
  tf.dispose(Object.values(tensors));
  for (const [field, variable] of Object.entries(runningProducts(optimizer))) {
    const value = manifest.exact[field];
    if (value !== undefined) tf.tidy(() => variable.assign(tf.scalar(value)));
  }
}
