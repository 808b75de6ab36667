import * as tf from '@tensorflow/tfjs';
import type { PlanNetwork, PlanState } from '../compiled/plan.js';
import { TrainerError } from './errors.js';

/**
 * Optimizer state between the compiled plan (one flat region per moment, over a network's
 * trainable weights in order, and `beta1_power`-style counters) and a tfjs optimizer's
 * `getWeights()` (the step count, then each slot's tensor per weight, slot by slot), so a
 * checkpoint holds the same state whichever executor trained it. The slots of each optimizer,
 * in the order its tfjs `getWeights` lists them:
 */
const SLOTS: Record<string, { slots: readonly string[]; powers: readonly string[] }> = {
  adam: { slots: ['m', 'v'], powers: ['beta1_power', 'beta2_power'] },
  adamw: { slots: ['m', 'v'], powers: ['beta1_power', 'beta2_power'] },
  momentum: { slots: ['accumulation'], powers: [] },
  rmsprop: { slots: ['mean_square', 'momentum'], powers: [] },
};

type NamedTensor = { name: string; tensor: tf.Tensor };

/** The optimizer kind of a network's plan state (`G/adam/m` -> adam), undefined when it keeps none (plain SGD). */
function stateOf(network: PlanNetwork, state: readonly PlanState[]): { kind: string; entries: Map<string, PlanState> } | undefined {
  const own = state.filter((s) => s.network === network.name);
  if (own.length === 0) return undefined;
  const kind = own[0].name.slice(network.name.length + 1).split('/')[0];
  if (!SLOTS[kind]) throw new TrainerError(`the compiled plan's optimizer state ${own[0].name} has no tfjs counterpart: checkpoints cannot hold it`);
  return { kind, entries: new Map(own.map((s) => [s.name.slice(network.name.length + 1 + kind.length + 1), s])) };
}

/** The tfjs optimizer's state as plan state values, or undefined when it has none yet (a fresh run). */
export async function readOptimizerState(optimizer: tf.Optimizer, network: PlanNetwork, state: readonly PlanState[]): Promise<Record<string, Float32Array> | undefined> {
  const planned = stateOf(network, state);
  const saved = (await optimizer.getWeights()) as NamedTensor[];
  const iterations = optimizer.iterations;
  const tensors = saved.filter((w) => w.name !== 'iter');
  if (!planned || tensors.length === 0) return undefined;
  const { slots, powers } = SLOTS[planned.kind];
  const trainable = network.weights.filter((w) => w.trainable);
  if (tensors.length !== slots.length * trainable.length) {
    throw new TrainerError(`the ${network.name} optimizer's saved state has ${tensors.length} tensors, the compiled plan expects ${slots.length * trainable.length}`);
  }
  const values: Record<string, Float32Array> = {};
  slots.forEach((slot, s) => {
    const flat = new Float32Array(network.trainableLength);
    trainable.forEach((weight, i) => flat.set(tensors[s * trainable.length + i].tensor.dataSync() as Float32Array, weight.offset));
    values[planned.entries.get(slot)!.name] = flat;
  });
  for (const power of powers) {
    const entry = planned.entries.get(power)!;
    // tfjs's accBeta after n updates: beta^(n + 1); the plan's counter starts at beta.
    values[entry.name] = Float32Array.of(entry.initial ** (iterations + 1));
  }
  return values;
}

/** Sets the tfjs optimizer's state from the executor's, after `updates` updates of the network. */
export async function writeOptimizerState(
  optimizer: tf.Optimizer,
  model: tf.LayersModel,
  network: PlanNetwork,
  state: readonly PlanState[],
  values: Record<string, Float32Array>,
  updates: number,
): Promise<void> {
  const planned = stateOf(network, state);
  const trainable = network.weights.filter((w) => w.trainable);
  const named: NamedTensor[] = [{ name: 'iter', tensor: tf.scalar(updates, 'int32') }];
  if (planned) {
    for (const slot of SLOTS[planned.kind].slots) {
      const flat = values[planned.entries.get(slot)!.name];
      trainable.forEach((weight, i) => {
        const length = weight.shape.reduce((p, d) => p * d, 1);
        named.push({ name: `${model.trainableWeights[i].originalName}/${slot}`, tensor: tf.tensor(flat.subarray(weight.offset, weight.offset + length), weight.shape) });
      });
    }
  }
  await optimizer.setWeights(named);
  tf.dispose(named.map((n) => n.tensor));
}
