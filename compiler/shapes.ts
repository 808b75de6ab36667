import type { LayerStatement, NetworkStatement } from '../grammar/ast.js';
import type { Span } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import { elementCount, formatShape, type Shape } from './shape.js';
import { isShapeProblem, type EmittedOp, type LayerContext, type LayerKind, type ParameterCount, type ShapeProblem } from './layers/kind.js';
import { layerKind, layerKinds } from './layers/registry.js';
import { describeValue, formatNumber, type Value } from './evaluate.js';
import { checkOptions, type CheckedOptions, type OptionContext, type OptionSet } from './options.js';
import { networkName, type Role } from './resolve.js';
import { didYouMean } from './suggest.js';

/** A layer whose kind is known; shapes are set when its input shape was known and it applied. */
export interface CheckedLayer {
  statement: LayerStatement;
  kind: LayerKind;
  options: CheckedOptions;
  inputShape?: Shape;
  outputShape?: Shape;
  parameters?: ParameterCount;
  emitted?: EmittedOp[];
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

/** Checks a network's layers in order, propagating the shape from `input` until a layer cannot apply. */
export function checkNetwork(statement: NetworkStatement, input: Shape | undefined, context: ShapeContext): CheckedNetwork {
  const layerContext: LayerContext = { classes: context.classes, kindOf: layerKind };
  const layers: CheckedLayer[] = [];
  let shape = input;
  let complete = input !== undefined;
  for (const layer of statement.layers) {
    const kind = resolveLayerKind(layer.callee.name, layer.callee.span, context);
    if (kind === undefined) {
      complete = false;
      shape = undefined;
      continue;
    }
    const options = checkOptions(layerOptionSet(kind, context), layer.args, layer.span, context);
    const checked: CheckedLayer = { statement: layer, kind, options };
    layers.push(checked);
    if (!options.ok) complete = false;
    if (shape === undefined || !options.ok) {
      shape = undefined;
      continue;
    }
    const output = kind.outputShape(shape, options.values, layerContext);
    if (isShapeProblem(output)) {
      reportShapeProblem(checked, shape, output, context);
      complete = false;
      shape = undefined;
      continue;
    }
    const parameters = kind.parameters(shape, options.values, layerContext);
    if (!isComputable(output, parameters)) {
      reportTooLarge(checked, output, parameters, context);
      complete = false;
      shape = undefined;
      continue;
    }
    checked.inputShape = shape;
    checked.outputShape = output;
    checked.parameters = parameters;
    checked.emitted = kind.emit(shape, options.values, layerContext);
    shape = output;
  }
  return {
    role: statement.role,
    name: networkName(statement),
    statement,
    inputShape: input,
    layers,
    complete: complete && layers.length === statement.layers.length,
    outputShape: complete ? shape : undefined,
  };
}

function resolveLayerKind(name: string, span: Span, context: OptionContext): LayerKind | undefined {
  const kind = layerKind(name);
  if (kind !== undefined) return kind;
  const names = [...layerKinds.keys()];
  context.diagnostics.push(
    diagnostic('unknownLayer', span, `unknown layer \`${name}\``, {
      label: 'not a layer kind',
      help: didYouMean(name, names) ?? `layer kinds: ${names.join(', ')}`,
    }),
  );
  return undefined;
}

function layerOptionSet(kind: LayerKind, context: OptionContext): OptionSet {
  const set: OptionSet = { title: kind.name, positional: kind.positional, schema: kind.schema };
  if (kind.wrapsLayer === true && kind.positional.length > 0) {
    set.nested = { [kind.positional[0]]: (value) => checkInnerLayer(kind, value, context) };
  }
  return set;
}

/** The layer inside a wrapper (`spectral_norm(conv2d(64, kernel = 4))`), as `{ kind, options }`. */
function checkInnerLayer(wrapper: LayerKind, value: Value, context: OptionContext): unknown {
  if (value.kind !== 'call' && value.kind !== 'symbol') {
    context.diagnostics.push(
      diagnostic('wrongType', value.span, `\`${wrapper.name}\` wraps a layer, found ${describeValue(value)}`, {
        label: 'not a layer',
        help: `write a layer call, e.g. \`${wrapper.name}(conv2d(64, kernel = 4))\``,
      }),
    );
    return undefined;
  }
  const callee = value.kind === 'call' ? value.callee : { name: value.name, span: value.span };
  const kind = resolveLayerKind(callee.name, callee.span, context);
  if (kind === undefined) return undefined;
  const args = value.kind === 'call' ? value.args : [];
  const options = checkOptions(layerOptionSet(kind, context), args, value.span, context);
  return options.ok ? { kind: kind.name, options: options.values } : undefined;
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
