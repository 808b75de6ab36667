import * as tf from '@tensorflow/tfjs';
import type { MaskSource } from '../layers/dropout.js';
import type { Batch, Gradients, NetworkCall, Objective, Optimizers, RunSpec, Step } from '../program.js';
import { drawLatent } from '../latent.js';
import type { Rng } from '../random.js';

/** What the runtime hands one iteration's step: the models, their optimizers and the run's random streams. */
export interface StepParts {
  spec: RunSpec;
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel };
  optimizers: Optimizers;
  /** Latents and gradient-penalty mixes. */
  noise: Rng;
  /** Dropout masks. */
  masks: Rng;
  /** Real batches; the step may pull `batchesPerStep` of them. */
  nextBatch(): Batch;
  batchesPerStep: number;
}

type Role = 'G' | 'D';

/** The tensors of a value (an objective's result, nested objects included). */
function tensorsIn(value: unknown, found: tf.Tensor[] = []): tf.Tensor[] {
  if (value instanceof tf.Tensor) found.push(value);
  else if (Array.isArray(value)) value.forEach((item) => tensorsIn(item, found));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((item) => tensorsIn(item, found));
  return found;
}

/**
 * One iteration's `Step`: networks called in training mode with the run's mask source, real
 * batches pulled in order, optimizer steps whose objectives' results outlive the tapes that made
 * them (kept until `release`).
 */
export class IterationStep implements Step {
  readonly G: NetworkCall;
  readonly D: NetworkCall;
  private readonly kept = new Set<tf.Tensor>();
  private pulled = 0;
  private readonly maskSource: MaskSource;

  constructor(private readonly parts: StepParts) {
    this.maskSource = { uniform: (shape) => this.uniformFrom(parts.masks, shape) };
    this.G = this.call(parts.models.generator);
    this.D = this.call(parts.models.discriminator);
  }

  private call(model: tf.LayersModel): NetworkCall {
    const conditional = model.inputs.length > 1;
    return (input, labels) => {
      if (conditional && labels === undefined) throw new Error(`${model.name} is conditional: call it with the batch's labels`);
      if (!conditional && labels !== undefined) throw new Error(`${model.name} takes no labels`);
      return model.apply(conditional ? [input, labels as tf.Tensor] : input, { training: true, random: this.maskSource }) as tf.Tensor;
    };
  }

  realBatch(): Batch {
    if (this.pulled === this.parts.batchesPerStep) {
      throw new Error(`the training step pulled more than the ${this.parts.batchesPerStep} real batch(es) its schedule allows`);
    }
    this.pulled += 1;
    return this.parts.nextBatch();
  }

  latent(n: number): tf.Tensor2D {
    const { latent } = this.parts.spec;
    return tf.tensor2d(drawLatent(latent, n, this.parts.noise), [n, latent.size]);
  }

  uniform(shape: number[]): tf.Tensor {
    return this.uniformFrom(this.parts.noise, shape);
  }

  private uniformFrom(rng: Rng, shape: number[]): tf.Tensor {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = rng.next();
    return tf.tensor(values, shape);
  }

  minimize<T extends Objective>(network: Role, objective: () => T): T {
    let result!: T;
    const loss = this.optimizer(network).minimize(() => {
      result = this.keep(objective());
      return result.loss;
    }, true, this.weights(network)) as tf.Scalar;
    this.keep(loss);
    return { ...result, loss };
  }

  gradients<T extends Objective>(network: Role, objective: () => T): T & { gradients: Gradients } {
    let result!: T;
    const { value, grads } = tf.variableGrads(() => {
      result = this.keep(objective());
      return result.loss;
    }, this.weights(network));
    this.keep([value, grads]);
    return { ...result, loss: value, gradients: grads };
  }

  apply(network: Role, gradients: Gradients): void {
    this.optimizer(network).applyGradients(gradients);
  }

  weights(network: Role): tf.Variable[] {
    const model = network === 'G' ? this.parts.models.generator : this.parts.models.discriminator;
    return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  }

  private optimizer(network: Role): tf.Optimizer {
    return network === 'G' ? this.parts.optimizers.generator : this.parts.optimizers.discriminator;
  }

  /** Keeps a result's tensors past every tidy scope, until `release`. */
  keep<V>(value: V): V {
    for (const tensor of tensorsIn(value)) {
      if (!this.kept.has(tensor)) this.kept.add(tf.keep(tensor));
    }
    return value;
  }

  /** Disposes what the step's objectives kept, once the runtime has read the report. */
  release(): void {
    tf.dispose([...this.kept]);
    this.kept.clear();
  }
}
