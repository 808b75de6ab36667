import * as tf from '@tensorflow/tfjs';

/** Where a dropout layer draws its masks: the iteration's draws at the layer's site, handed to the step's calls. */
export interface MaskSource {
  /** Values uniform in [0, 1), of `shape`, for `layer`'s mask. */
  uniform(shape: number[], layer: tf.layers.Layer): tf.Tensor;
}

export interface DropoutConfig {
  rate: number;
}

/**
 * Inverted dropout, as tfjs's and PyTorch's: while training, each value is kept with
 * probability 1 - rate and scaled by 1 / (1 - rate). Its masks come from the `random` the
 * training step passes with `training: true`, so a seeded run drops the same units every time,
 * on either executor (tfjs's own dropout seeds itself from Math.random).
 */
export class Dropout extends tf.layers.Layer {
  static className = 'GanDropout';
  readonly rate: number;

  constructor(args: DropoutConfig & { name?: string }) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`dropout: rate must lie in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean; random?: MaskSource }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs.training !== true || this.rate === 0) return x;
    const random = kwargs.random;
    if (random === undefined) throw new Error(`${this.name}: a training call needs the step's random source (kwargs.random) for its masks`);
    return tf.tidy(() => {
      // Kept where u >= rate, as the compiled step's mask (compiler/graph/nn/dropout.ts).
      const mask = tf.cast(tf.greaterEqual(random.uniform(x.shape, this), this.rate), 'float32');
      return tf.div(tf.mul(x, mask), 1 - this.rate);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}

tf.serialization.registerClass(Dropout);

/** `gan.dropout({ rate })`, as generated models call it. */
export function dropout(config: DropoutConfig): tf.layers.Layer {
  return new Dropout(config);
}
