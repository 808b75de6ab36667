import type { NetworkStatement } from '../grammar/ast.js';
import type { Span } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import { formatNumber } from './evaluate.js';
import { elementCount, formatShape, type Shape } from './shape.js';
import { isShapeProblem, type LayerContext, type ParameterCount, type ShapeProblem } from './layers/kind.js';
import { layerKinds } from './layers/registry.js';
import type { OptionedLayer, OptionedNetwork } from './layer-options.js';
import type { OptionContext } from './options.js';
import type { Role } from './resolve.js';

/** A layer whose kind is known; shapes are set when its input shape was known and it applied. */
export interface CheckedLayer extends OptionedLayer {
  inputShape?: Shape;
  outputShape?: Shape;
  parameters?: ParameterCount;
}

export interface CheckedNetwork {
  role: Role;
  name: string;
  statement: NetworkStatement;
  inputShape?: Shape;
  /** The layers whose kind is known, in order. */
  layers: CheckedLayer[];
  /** True when every layer is known, valid and shaped: the output shape is then the last layer's. */
  complete: boolean;
  outputShape?: Shape;
}

export interface ShapeContext extends OptionContext {
  /** Class count when the data carries labels. */
  classes?: number;
  /** Whether the data statement checked; label problems are not reported against a broken one. */
  dataKnown: boolean;
  /** The data statement, for labels pointing at it. */
  dataSpan?: Span;
}

/** What the layers need to know about the spec, for shape rules and lowering. */
export function layerContext(classes: number | undefined): LayerContext {
  return { classes, kinds: layerKinds };
}

/** Propagates the shape from `input` through a network's checked layers until one cannot apply. */
export function shapeNetwork(network: OptionedNetwork, input: Shape | undefined, context: ShapeContext): CheckedNetwork {
  const layers: CheckedLayer[] = network.layers.map((layer) => ({ ...layer }));
  const rules = layerContext(context.classes);
  let shape = input;
  let complete = input !== undefined && network.knownPrefix === layers.length && layers.length === network.statement.layers.length;
  layers.forEach((checked, index) => {
    if (index >= network.knownPrefix || !checked.options.ok) {
      complete = false;
      shape = undefined;
    }
    if (shape === undefined) return;
    const output = checked.kind.outputShape(shape, checked.options.values, rules);
    if (isShapeProblem(output)) {
      reportShapeProblem(checked, shape, output, context);
      complete = false;
      shape = undefined;
      return;
    }
    const parameters = checked.kind.parameters(shape, checked.options.values, rules);
    if (!isComputable(output, parameters)) {
      reportTooLarge(checked, output, parameters, context);
      complete = false;
      shape = undefined;
      return;
    }
    checked.inputShape = shape;
    checked.outputShape = output;
    checked.parameters = parameters;
    shape = output;
  });
  return {
    role: network.role,
    name: network.name,
    statement: network.statement,
    inputShape: input,
    layers,
    complete,
    outputShape: complete ? shape : undefined,
  };
}

function reportShapeProblem(layer: CheckedLayer, input: Shape, problem: ShapeProblem, context: ShapeContext): void {
  if (problem.problem === 'label') {
    if (!context.dataKnown) return;
    context.diagnostics.push(
      diagnostic('labelsRequired', layer.statement.callee.span, problem.message, {
        label: 'needs class labels',
        labels: context.dataSpan === undefined ? [] : [{ span: context.dataSpan, message: 'the data has no `labels = true`' }],
        help: problem.help,
      }),
    );
    return;
  }
  const span = (problem.option === undefined ? undefined : layer.options.valueSpans.get(problem.option)) ?? layer.statement.span;
  context.diagnostics.push(
    diagnostic('layerShape', span, problem.message, {
      label: `input is ${formatShape(input)}`,
      notes: problem.expected === undefined ? [] : [`expected ${problem.expected}`],
      help: problem.help,
    }),
  );
}

/**
 * Sizes and counts past 2^53 are no longer exact integers (and products of such sizes reach
 * Infinity): a layer that makes one cannot be built, counted or emitted.
 */
function isComputable(output: Shape, parameters: ParameterCount): boolean {
  const counts = [...output, elementCount(output), parameters.trainable, parameters.nonTrainable];
  return counts.every((count) => Number.isSafeInteger(count) && count >= 0);
}

function reportTooLarge(layer: CheckedLayer, output: Shape, parameters: ParameterCount, context: ShapeContext): void {
  const elements = elementCount(output);
  const [part, count] = Number.isSafeInteger(elements) ? ['parameter count', parameters.trainable + parameters.nonTrainable] : ['output size', elements];
  const size = Number.isFinite(count) ? formatNumber(count) : 'beyond 1.8e308';
  context.diagnostics.push(
    diagnostic('tensorTooLarge', layer.statement.span, `this layer's ${part} is ${size}, past 2^53, the largest count ganc handles exactly`, {
      label: 'too large',
      help: 'use smaller sizes in this layer or the ones before it',
    }),
  );
}

/** G must produce exactly what D reads from the data. */
export function checkGeneratorOutput(generator: CheckedNetwork, dataShape: Shape, dataSpan: Span, context: OptionContext): void {
  const output = generator.outputShape;
  if (output === undefined || sameShape(output, dataShape)) return;
  const last = generator.layers[generator.layers.length - 1]?.statement;
  const span = last?.span ?? generator.statement.name?.span ?? generator.statement.roleSpan;
  // Activations keep the shape: point also at the layer that made it, where the fix usually is.
  const shaper = [...generator.layers].reverse().find((layer) => layer.inputShape !== undefined && !sameShape(layer.inputShape, output));
  const labels = [{ span: dataSpan, message: `data examples are ${formatShape(dataShape)}` }];
  if (shaper !== undefined && shaper.statement !== last) labels.push({ span: shaper.statement.span, message: `makes ${formatShape(output)}` });
  const help =
    elementCount(output) === elementCount(dataShape)
      ? `end with \`reshape(${dataShape.join(', ')})\``
      : `change the last layers so that the output is ${formatShape(dataShape)}`;
  context.diagnostics.push(
    diagnostic('generatorOutput', span, `the generator \`${generator.name}\` outputs ${formatShape(output)}, but the data is ${formatShape(dataShape)}`, {
      label: `output ${formatShape(output)}`,
      labels,
      help,
    }),
  );
}

/**
 * D must end in one score per sample. Activations keep the shape, so the fix belongs at the
 * layer that made it (`dense(2)` before a `sigmoid`): that layer is the span, and the help says
 * what to change there, before the layers that follow it.
 */
export function checkDiscriminatorOutput(discriminator: CheckedNetwork, context: OptionContext): void {
  const output = discriminator.outputShape;
  if (output === undefined || elementCount(output) === 1) return;
  const { layers } = discriminator;
  const shaperIndex = lastIndexWhere(layers, (layer) => layer.inputShape !== undefined && !sameShape(layer.inputShape, output));
  const shaper = layers[shaperIndex];
  const span = (shaper ?? layers[layers.length - 1])?.statement.span ?? discriminator.statement.name?.span ?? discriminator.statement.roleSpan;
  context.diagnostics.push(
    diagnostic(
      'discriminatorOutput',
      span,
      `the discriminator \`${discriminator.name}\` outputs ${formatShape(output)}, but it must give one score per sample, ${formatShape([1])}`,
      {
        label: shaper === undefined ? `output ${formatShape(output)}` : `makes ${formatShape(output)}`,
        help: oneScoreFix(layers, shaperIndex, output),
      },
    ),
  );
}

/** What to change at the layer that made D's shape (index `shaper`, -1 when none did), before the layers after it. */
function oneScoreFix(layers: readonly CheckedLayer[], shaper: number, output: Shape): string {
  const add = output.length === 1 ? '`dense(1)`' : '`flatten` then `dense(1)`';
  if (shaper === -1) return `add ${add}${layers.length > 0 ? ` before \`${layers[0].statement.callee.name}\`` : ''}`;
  const oneUnit = unitsLayer(layers[shaper]);
  if (output.length === 1 && oneUnit !== undefined) return `give it one unit: \`${oneUnit}\``;
  const next = layers[shaper + 1]?.statement.callee.name;
  return `add ${add} after it${next === undefined ? '' : `, before \`${next}\``}`;
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i -= 1) if (test(items[i])) return i;
  return -1;
}

/** `dense(1)` or `spectral_norm(dense(1))` when the layer is a dense one (plain or wrapped), undefined otherwise. */
function unitsLayer(layer: CheckedLayer): string | undefined {
  if (layer.kind.name === 'dense') return 'dense(1)';
  const inner = layer.options.values.layer as { kind?: string } | undefined;
  return layer.kind.wrapsLayer === true && inner?.kind === 'dense' ? `${layer.kind.name}(dense(1))` : undefined;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}
