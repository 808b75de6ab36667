import * as tf from '@tensorflow/tfjs';
import { isInitializer, resolveInitializer, serializedInitializer } from './initializer.js';
import { stopGradient } from './stop-gradient.js';

type Factory = 'tf.layers.dense' | 'tf.layers.conv2d' | 'tf.layers.conv2dTranspose';
type Shape = (number | null)[];

export interface SpectralNormConfig {
  /** The wrapped layer, as the emitter would have written it unwrapped. */
  inner: { factory: Factory; config: object };
  /** Power iterations per training call. */
  iterations: number;
}

interface SpectralNormArgs extends SpectralNormConfig {
  name?: string;
  trainable?: boolean;
  dtype?: tf.DataType;
}

/**
 * The layers spectral_norm can wrap: the inner options it reproduces (anything else is refused
 * rather than ignored), and the tfjs layer itself, which answers the output shape.
 */
const INNER: Record<Factory, { options: readonly string[]; layer(config: object): tf.layers.Layer }> = {
  'tf.layers.dense': {
    options: ['units', 'useBias', 'kernelInitializer', 'biasInitializer', 'activation'],
    layer: (config) => tf.layers.dense(config as Parameters<typeof tf.layers.dense>[0]),
  },
  'tf.layers.conv2d': {
    options: ['filters', 'kernelSize', 'strides', 'padding', 'useBias', 'kernelInitializer', 'biasInitializer', 'activation', 'dataFormat'],
    layer: (config) => tf.layers.conv2d(config as Parameters<typeof tf.layers.conv2d>[0]),
  },
  'tf.layers.conv2dTranspose': {
    options: ['filters', 'kernelSize', 'strides', 'padding', 'useBias', 'kernelInitializer', 'biasInitializer', 'activation', 'dataFormat'],
    layer: (config) => tf.layers.conv2dTranspose(config as Parameters<typeof tf.layers.conv2dTranspose>[0]),
  },
};

interface InnerOptions {
  factory: Factory;
  /** Output units (dense) or filters (convolutions): the length of u. */
  outputs: number;
  kernelSize: [number, number];
  strides: [number, number];
  padding: 'same' | 'valid';
  useBias: boolean;
  kernelInitializer: unknown;
  biasInitializer: unknown;
}

function pair(value: unknown, option: string, where: string): [number, number] {
  const list = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(list) || list.length !== 2 || !list.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`${where}: ${option} must be a positive integer or a pair of them, got ${JSON.stringify(value)}`);
  }
  return [list[0], list[1]];
}

function readInner(inner: SpectralNormConfig['inner']): InnerOptions {
  const where = `spectral_norm(${inner.factory})`;
  const allowed = INNER[inner.factory]?.options;
  if (!allowed) throw new Error(`spectral_norm cannot wrap ${inner.factory}: only dense, conv2d and conv2dTranspose`);
  const config = inner.config as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!allowed.includes(key)) throw new Error(`${where}: option '${key}' is not supported inside spectral_norm`);
  }
  if (config.activation !== undefined && config.activation !== 'linear') {
    throw new Error(`${where}: put the activation after spectral_norm as its own layer, not inside it`);
  }
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') {
    throw new Error(`${where}: only dataFormat 'channelsLast' is supported`);
  }
  const dense = inner.factory === 'tf.layers.dense';
  const outputs = dense ? config.units : config.filters;
  if (!Number.isInteger(outputs) || (outputs as number) <= 0) {
    throw new Error(`${where}: ${dense ? 'units' : 'filters'} must be a positive integer`);
  }
  const padding = config.padding ?? 'valid';
  if (padding !== 'same' && padding !== 'valid') throw new Error(`${where}: padding must be 'same' or 'valid'`);
  return {
    factory: inner.factory,
    outputs: outputs as number,
    kernelSize: dense ? [1, 1] : pair(config.kernelSize, 'kernelSize', where),
    strides: dense ? [1, 1] : pair(config.strides ?? 1, 'strides', where),
    padding,
    useBias: config.useBias === undefined ? true : Boolean(config.useBias),
    kernelInitializer: config.kernelInitializer ?? 'glorotUniform',
    biasInitializer: config.biasInitializer ?? 'zeros',
  };
}

function l2Normalize(x: tf.Tensor): tf.Tensor {
  // The epsilon keeps a zero vector from dividing by zero, as PyTorch's normalize does.
  return tf.div(x, tf.add(tf.norm(x), 1e-12));
}

/**
 * Spectral normalisation (Miyato et al. 2018) around a dense, conv2d or conv2dTranspose layer.
 * It owns the inner layer's kernel and bias plus a non-trainable power-iteration vector u (one
 * entry per output unit or filter). Each call divides the kernel by an estimate of its largest
 * singular value, σ = vᵀ W u, with u and v held constant for the gradient (as PyTorch does); a
 * training call first runs `iterations` power iterations and stores the new u.
 */
export class SpectralNorm extends tf.layers.Layer {
  static className = 'SpectralNorm';
  private readonly innerConfig: SpectralNormConfig['inner'];
  private readonly options: InnerOptions;
  private readonly iterations: number;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private u?: tf.LayerVariable;
  /** The wrapped layer itself, unbuilt: it answers the output shape, so the conv arithmetic lives in tfjs alone. */
  private readonly shapeOf: tf.layers.Layer;
  /** Read by `initializeWeights`, by weight name. */
  readonly kernelInitializer: ReturnType<typeof resolveInitializer>;
  readonly biasInitializer: ReturnType<typeof resolveInitializer>;
  readonly uInitializer = tf.initializers.randomNormal({ mean: 0, stddev: 1 });

  constructor(args: SpectralNormArgs) {
    super({ name: args.name, trainable: args.trainable, dtype: args.dtype });
    if (!Number.isInteger(args.iterations) || args.iterations < 1) {
      throw new Error(`spectral_norm: iterations must be a positive integer, got ${args.iterations}`);
    }
    this.innerConfig = args.inner;
    this.options = readInner(args.inner);
    this.iterations = args.iterations;
    const where = `spectral_norm(${this.options.factory})`;
    this.kernelInitializer = resolveInitializer(this.options.kernelInitializer, where);
    this.biasInitializer = resolveInitializer(this.options.biasInitializer, where);
    this.shapeOf = INNER[this.options.factory].layer(args.inner.config);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const { factory, outputs, kernelSize } = this.options;
    const where = `spectral_norm(${factory})`;
    const inputs = shape[shape.length - 1];
    if (inputs === null) throw new Error(`${where}: the input's last axis must have a known size`);
    if (factory === 'tf.layers.dense' && shape.length !== 2) {
      throw new Error(`${where}: expects a rank-1 input [batch, n], got rank ${shape.length - 1}`);
    }
    if (factory !== 'tf.layers.dense' && shape.length !== 4) {
      throw new Error(`${where}: expects a rank-3 input [batch, height, width, channels], got rank ${shape.length - 1}`);
    }
    const kernelShape =
      factory === 'tf.layers.dense'
        ? [inputs, outputs]
        : factory === 'tf.layers.conv2d'
          ? [kernelSize[0], kernelSize[1], inputs, outputs]
          : [kernelSize[0], kernelSize[1], outputs, inputs];
    this.kernel = this.addWeight('kernel', kernelShape, 'float32', this.kernelInitializer);
    if (this.options.useBias) this.bias = this.addWeight('bias', [outputs], 'float32', this.biasInitializer);
    this.u = this.addWeight('u', [outputs], 'float32', this.uInitializer, undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.shapeOf.computeOutputShape(inputShape) as Shape;
  }

  /** The kernel as a [fan-in, outputs] matrix: σ is taken over the output axis, as PyTorch's dim 0. */
  private kernelMatrix(kernel: tf.Tensor): tf.Tensor2D {
    const outputsLast = this.options.factory === 'tf.layers.conv2dTranspose' ? tf.transpose(kernel, [0, 1, 3, 2]) : kernel;
    return tf.reshape(outputsLast, [-1, this.options.outputs]);
  }

  /** The kernel divided by its spectral norm estimate; updates u when training. */
  normalizedKernel(training: boolean): tf.Tensor {
    if (!this.kernel || !this.u) throw new Error(`${this.name}: used before it was built`);
    const kernel = this.kernel.read();
    const matrix = this.kernelMatrix(kernel);
    const frozen = stopGradient(matrix);
    let u = this.u.read().reshape([-1, 1]);
    let v = l2Normalize(tf.matMul(frozen, u));
    if (training) {
      for (let i = 0; i < this.iterations; i++) {
        u = l2Normalize(tf.matMul(frozen, v, true, false));
        v = l2Normalize(tf.matMul(frozen, u));
      }
      this.u.write(stopGradient(u).reshape([-1]));
    }
    const sigma = tf.sum(tf.mul(stopGradient(v), tf.matMul(matrix, stopGradient(u))));
    return tf.div(kernel, sigma);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const kernel = this.normalizedKernel(kwargs.training === true);
      const { factory, strides, padding } = this.options;
      let y: tf.Tensor;
      if (factory === 'tf.layers.dense') {
        y = tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D);
      } else if (factory === 'tf.layers.conv2d') {
        y = tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, strides, padding);
      } else {
        const [batch, height, width] = x.shape;
        const outShape = this.computeOutputShape([batch, height, width, null]) as number[];
        y = tf.conv2dTranspose(x as tf.Tensor4D, kernel as tf.Tensor4D, [batch, outShape[1], outShape[2], this.options.outputs], strides, padding);
      }
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      // Initializer objects in the inner config are stored as { className, config }, as tfjs stores its layers'.
      inner: {
        factory: this.innerConfig.factory,
        config: Object.fromEntries(
          Object.entries(this.innerConfig.config).map(([key, value]) => [key, isInitializer(value) ? serializedInitializer(value) : value]),
        ),
      } as unknown as tf.serialization.ConfigDict,
      iterations: this.iterations,
    };
  }
}

tf.serialization.registerClass(SpectralNorm);

/** `spectral_norm(layer, iterations)` as the generated model code calls it. */
export function spectralNorm(config: SpectralNormConfig): tf.layers.Layer {
  return new SpectralNorm(config);
}
