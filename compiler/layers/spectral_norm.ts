import type { Shape } from '../shape.js';
import { isShapeProblem, type EmittedOp, type LayerContext, type LayerKind, type ShapeProblem } from './kind.js';
import { lastAxis } from './input-rank.js';

/** The inner call, already validated and defaulted by the checker. */
type InnerLayer = { kind: string; options: Record<string, unknown> };
type SpectralNormOptions = { layer: InnerLayer; iterations: number };

const wrappable = ['dense', 'conv2d', 'conv2d_transpose'];
/** The tfjs layers holding the weight matrix that the runtime's wrapper normalises. */
const weightFactories = new Set(['tf.layers.dense', 'tf.layers.conv2d', 'tf.layers.conv2dTranspose']);

function innerKind(layer: InnerLayer, context: LayerContext): LayerKind | ShapeProblem {
  const kind = wrappable.includes(layer.kind) ? context.kindOf(layer.kind) : undefined;
  if (kind) return kind;
  return {
    problem: 'other',
    message: `spectral_norm cannot wrap \`${layer.kind}\`: it has no weight matrix to normalise`,
    expected: `one of ${wrappable.join(', ')}`,
    help: `wrap a weight layer, e.g. \`spectral_norm(conv2d(64))\`, and put \`${layer.kind}\` after it`,
    option: 'layer',
  };
}

/** For the functions the checker calls only after `outputShape` accepted the layer. */
function acceptedInner(layer: InnerLayer, context: LayerContext): LayerKind {
  const kind = innerKind(layer, context);
  if ('problem' in kind) throw new Error(`spectral_norm: ${kind.message} (outputShape should have reported this)`);
  return kind;
}

function innerOutput(input: Shape, layer: InnerLayer, context: LayerContext): Shape {
  const output = acceptedInner(layer, context).outputShape(input, layer.options, context);
  if (isShapeProblem(output)) throw new Error(`spectral_norm: ${output.message} (outputShape should have reported this)`);
  return output;
}

export const spectralNorm: LayerKind<SpectralNormOptions> = {
  name: 'spectral_norm',
  summary: 'divides a dense or conv layer\'s weights by their largest singular value (power iteration)',
  positional: ['layer'],
  wrapsLayer: true,
  schema: {
    type: 'object',
    properties: {
      layer: {
        type: 'object',
        properties: { kind: { type: 'string' }, options: { type: 'object' } },
        required: ['kind', 'options'],
        additionalProperties: false,
      },
      iterations: { type: 'integer', minimum: 1, default: 1 },
    },
    required: ['layer'],
    additionalProperties: false,
  },
  outputShape(input, options, context) {
    const kind = innerKind(options.layer, context);
    if ('problem' in kind) return kind;
    return kind.outputShape(input, options.layer.options, context);
  },
  parameters(input, options, context) {
    const inner = acceptedInner(options.layer, context).parameters(input, options.layer.options, context);
    // The power-iteration vector u has one entry per output unit/filter and is not trained.
    const u = lastAxis(innerOutput(input, options.layer, context));
    return { trainable: inner.trainable, nonTrainable: inner.nonTrainable + u };
  },
  emit(input, options, context) {
    const ops = acceptedInner(options.layer, context).emit(input, options.layer.options, context);
    const weighted = ops.filter((op) => op.op === 'layer' && weightFactories.has(op.factory));
    if (weighted.length !== 1) {
      throw new Error(`spectral_norm: \`${options.layer.kind}\` emitted ${weighted.length} weight layers, expected 1`);
    }
    // Padding and cropping stay outside the wrapper, in their places around the weight layer.
    return ops.map((op): EmittedOp =>
      op === weighted[0] && op.op === 'layer'
        ? {
            op: 'layer',
            factory: 'gan.spectralNorm',
            config: { inner: { factory: op.factory, config: op.config }, iterations: options.iterations },
          }
        : op,
    );
  },
};
