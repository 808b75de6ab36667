import type { ChosenScheme } from '../init/scheme.js';
import type { TfjsNode } from '../lowering/tfjs.js';
import type { Shape } from '../shape.js';
import { isShapeProblem, type LayerContext, type LayerKind, type ShapeProblem } from './kind.js';
import { lastAxis } from './input-rank.js';
import { unbounded } from './range.js';
import { GraphLoweringError } from '../graph/nn/context.js';
import { spectralNormalize } from '../graph/nn/spectral-norm.js';

/** The inner call, already validated and defaulted by the checker. */
type InnerLayer = { kind: string; options: Record<string, unknown> };
type SpectralNormOptions = { layer: InnerLayer; iterations: number };

/** The kinds with a weight matrix to normalise, as the registry marks them. */
function wrappable(context: LayerContext): string[] {
  return [...context.kinds.values()].filter((kind) => kind.normalisable === true).map((kind) => kind.name);
}

function innerKind(layer: InnerLayer, context: LayerContext): LayerKind | ShapeProblem {
  const kind = context.kinds.get(layer.kind);
  if (kind?.normalisable === true) return kind;
  return {
    problem: 'other',
    message: `spectral_norm cannot wrap \`${layer.kind}\`: it has no weight matrix to normalise`,
    expected: `one of ${wrappable(context).join(', ')}`,
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
  examples: [
    { input: [4, 4, 256], options: { layer: { kind: 'conv2d_transpose', options: { filters: 128, kernel: 3, stride: 2, padding: 1, bias: false } }, iterations: 2 } },
    { input: [28, 28, 1], options: { layer: { kind: 'conv2d', options: { filters: 4, kernel: 4, stride: 2, padding: 1 } } } },
    { input: [784], options: { layer: { kind: 'dense', options: { units: 1 } } } },
  ],
  range: () => unbounded,
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
  chosenInit: (options) => options.layer.options.init as ChosenScheme | undefined,
  weights(input, options, context) {
    return acceptedInner(options.layer, context).weights?.(input, options.layer.options, context) ?? [];
  },
  tfjs(input, options, context, init) {
    const nodes = acceptedInner(options.layer, context).tfjs(input, options.layer.options, context, init);
    const weighted = nodes.filter((node) => node.weighted === true);
    if (weighted.length !== 1) {
      throw new Error(`spectral_norm: \`${options.layer.kind}\` lowers to ${weighted.length} weight layers, expected 1`);
    }
    // Padding and cropping stay outside the wrapper, in their places around the weight layer.
    return nodes.map((node): TfjsNode =>
      node === weighted[0]
        ? { factory: 'gan.spectralNorm', config: { inner: { factory: node.factory, config: node.config }, iterations: options.iterations } }
        : node,
    );
  },
  graph(b, x, input, options, context) {
    const inner = acceptedInner(options.layer, context);
    if (!inner.graph) throw new GraphLoweringError(`spectral_norm: \`${options.layer.kind}\` has no compiled lowering`);
    return inner.graph(b, x, input, options.layer.options, {
      ...context,
      transformKernel: (kernel, facts) => spectralNormalize(b, kernel, { outputs: facts.outputs, iterations: options.iterations, transposed: facts.transposed }, context),
    });
  },
};
