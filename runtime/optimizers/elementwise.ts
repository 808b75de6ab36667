import * as tf from '@tensorflow/tfjs';

/** A tensor with its name, as tfjs optimizers save their state (tfjs-core's NamedTensor, not re-exported). */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** What an update rule sees of one weight: its value, its gradient, its slots, the step and rate. */
export interface UpdateInput {
  value: tf.Tensor;
  gradient: tf.Tensor;
  /** The rule's per-weight state, zeros at the first step (Adam's moments, say). */
  slots: Record<string, tf.Tensor>;
  /** The update's number, 1 at the first. */
  step: number;
  learningRate: number;
}

export interface UpdateOutput {
  value: tf.Tensor;
  slots: Record<string, tf.Tensor>;
}

export interface ElementwiseOptimizerConfig {
  /** The name checkpoints record (`AdamW`). */
  name: string;
  learningRate: number;
  /** The names of the per-weight slots, in the order checkpoints store them. */
  slots: readonly string[];
  update(input: UpdateInput): UpdateOutput;
}

/**
 * An optimizer whose update rule a generated trainer writes out in tf ops (for optimizers
 * TensorFlow.js lacks, such as AdamW): each weight's new value and slots from its value,
 * gradient and slots, one weight at a time. Slots and the step count save and load as tfjs
 * optimizers' own do (`getWeights` / `setWeights`), so checkpoints and resume treat it alike.
 */
export class ElementwiseOptimizer extends tf.Optimizer {
  learningRate: number;
  private readonly config: ElementwiseOptimizerConfig;
  /** Per weight, in the order applyGradients first saw them: its slot variables. */
  private state: { weight: string; slots: Record<string, tf.Variable> }[] = [];

  constructor(config: ElementwiseOptimizerConfig) {
    super();
    this.config = config;
    this.learningRate = config.learningRate;
  }

  override getClassName(): string {
    return this.config.name;
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const named = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const step = this.iterations + 1;
    tf.tidy(() => {
      named.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name];
        if (value === undefined) throw new Error(`${this.config.name}: no variable named ${name}`);
        this.state[i] ??= {
          weight: name,
          slots: Object.fromEntries(this.config.slots.map((slot) => [slot, tf.tidy(() => tf.zerosLike(value).variable(false))])),
        };
        const { slots } = this.state[i];
        const next = this.config.update({ value, gradient, slots, step, learningRate: this.learningRate });
        for (const slot of this.config.slots) slots[slot].assign(next.slots[slot]);
        value.assign(next.value);
      });
    });
    this.incrementIterations();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const slots = this.config.slots.flatMap((slot) => this.state.map(({ weight, slots: held }) => ({ name: `${weight}/${slot}`, tensor: held[slot] as tf.Tensor })));
    return [await this.saveIterations(), ...slots];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const values = await this.extractIterations(weightValues);
    const perSlot = values.length / this.config.slots.length;
    if (!Number.isInteger(perSlot)) throw new Error(`${this.config.name}: ${values.length} saved tensors do not split into ${this.config.slots.length} slots`);
    tf.dispose(this.state.flatMap(({ slots }) => Object.values(slots)));
    this.state = Array.from({ length: perSlot }, (_, i) => ({
      weight: values[i].name.slice(0, values[i].name.lastIndexOf('/')),
      slots: Object.fromEntries(this.config.slots.map((slot, s) => [slot, values[s * perSlot + i].tensor.variable(false)])),
    }));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { name: this.config.name, learningRate: this.learningRate, slots: [...this.config.slots] };
  }

  override dispose(): void {
    tf.dispose(this.state.flatMap(({ slots }) => Object.values(slots)));
    this.state = [];
  }
}

/** `gan.elementwiseOptimizer({ ... })`, as generated trainers call it. */
export function elementwiseOptimizer(config: ElementwiseOptimizerConfig): tf.Optimizer {
  return new ElementwiseOptimizer(config);
}
