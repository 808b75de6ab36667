import * as tf from '@tensorflow/tfjs';
import type { MaskSource } from '../layers/dropout.js';
import type { Batch, Gradients, NetworkCall, Objective, Optimizers, RunSpec, Step } from '../program.js';
import { dropoutScopes, latentAt, scoresApart, StepSites, type CallSite, type DrawSource } from './draws.js';

/** What the runtime hands one iteration's step: the models, their optimizers and the iteration's draws. */
export interface StepParts {
  spec: RunSpec;
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel };
  optimizers: Optimizers;
  /** Latents, gradient-penalty mixes and dropout masks, by site (`philoxDraws` in a run). */
  draws: DrawSource;
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
 * One iteration's `Step`: networks called in training mode with masks drawn at the compiled
 * step's sites, real batches pulled in order, optimizer steps whose objectives' results outlive
 * the tapes that made them (kept until `release`).
 */
export class IterationStep implements Step {
  readonly G: NetworkCall;
  readonly D: NetworkCall;
  private readonly kept = new Set<tf.Tensor>();
  private pulled = 0;
  private readonly sites: StepSites;
  private readonly dropouts: Map<tf.layers.Layer, string>;

  constructor(private readonly parts: StepParts) {
    this.sites = new StepSites(parts.spec.schedule, !scoresApart(parts.models.discriminator));
    this.dropouts = dropoutScopes(parts.models);
    this.G = this.call('G', parts.models.generator);
    this.D = this.call('D', parts.models.discriminator);
  }

  private call(role: Role, model: tf.LayersModel): NetworkCall {
    const conditional = model.inputs.length > 1;
    return (input, labels) => {
      if (conditional && labels === undefined) throw new Error(`${model.name} is conditional: call it with the batch's labels`);
      if (!conditional && labels !== undefined) throw new Error(`${model.name} takes no labels`);
      const random = this.masksAt(this.sites.call(role), model.name);
      return model.apply(conditional ? [input, labels as tf.Tensor] : input, { training: true, random }) as tf.Tensor;
    };
  }

  /** A call's dropout masks: each layer's at `<call scope>/<network>/dropout_k`, the fakes' after the real batch's in a joint pass. */
  private masksAt(call: CallSite, network: string): MaskSource {
    return {
      uniform: (shape, layer) => {
        const scope = this.dropouts.get(layer);
        if (scope === undefined) throw new Error(`${layer.name} draws masks but is no dropout layer of G or D`);
        const count = shape.reduce((a, b) => a * b, 1);
        return tf.tensor(this.parts.draws.uniform(`${call.scope}/${network}/${scope}`, count, call.half * count), shape);
      },
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
    return tf.tensor2d(latentAt(this.parts.draws, this.sites.latent(), latent, n), [n, latent.size]);
  }

  uniform(shape: number[]): tf.Tensor {
    const count = shape.reduce((a, b) => a * b, 1);
    return tf.tensor(this.parts.draws.uniform(this.sites.penaltyMix(), count, 0), shape);
  }

  labels(n: number): tf.Tensor2D {
    const { classes } = this.parts.spec.data;
    const u = this.parts.draws.uniform(this.sites.labels(), n, 0);
    // floor(u * classes) in float32, as the compiled step computes it, kept below `classes`.
    return tf.tensor2d(Int32Array.from(u, (v) => Math.min(Math.floor(Math.fround(v * classes)), classes - 1)), [n, 1], 'int32');
  }

  /** Runs a network's objective; D's, as one of its steps. */
  private objective<T>(network: Role, objective: () => T): T {
    return network === 'D' ? this.sites.inDiscriminatorStep(objective) : objective();
  }

  minimize<T extends Objective>(network: Role, objective: () => T): T {
    let result!: T;
    const loss = this.optimizer(network).minimize(() => {
      result = this.keep(this.objective(network, objective));
      return result.loss;
    }, true, this.weights(network)) as tf.Scalar;
    this.keep(loss);
    return { ...result, loss };
  }

  gradients<T extends Objective>(network: Role, objective: () => T): T & { gradients: Gradients } {
    let result!: T;
    const { value, grads } = tf.variableGrads(() => {
      result = this.keep(this.objective(network, objective));
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
