import Ajv, { type ValidateFunction } from 'ajv';
import type { Shape } from '../../compiler/shape.js';
import {
  isShapeProblem,
  type LayerContext,
  type LayerKind,
  type ParameterCount,
  type ShapeProblem,
} from '../../compiler/layers/kind.js';
import type { TfjsNode } from '../../compiler/lowering/tfjs.js';
import { layerKind, layerKinds } from '../../compiler/layers/registry.js';

/**
 * Runs layer calls through the registry the way the checker does: options validated and
 * defaulted by ajv (`useDefaults`), an inner `spectral_norm` layer defaulted first.
 */

export interface LayerCall {
  kind: string;
  options: Record<string, unknown>;
}

export function call(kind: string, options: Record<string, unknown> = {}): LayerCall {
  return { kind, options };
}

export const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: true });
const validators = new Map<string, ValidateFunction>();

export function kindNamed(name: string): LayerKind {
  const kind = layerKind(name);
  if (!kind) throw new Error(`no layer kind named ${name}`);
  return kind;
}

export function validatorFor(kind: LayerKind): ValidateFunction {
  let validate = validators.get(kind.name);
  if (!validate) {
    validate = ajv.compile(kind.schema);
    validators.set(kind.name, validate);
  }
  return validate;
}

/** The options as the checker hands them over: validated, defaulted, inner layers resolved. */
export function defaulted(layer: LayerCall): Record<string, unknown> {
  const kind = kindNamed(layer.kind);
  const options = structuredClone(layer.options);
  if (kind.wrapsLayer) {
    const inner = options.layer as LayerCall;
    options.layer = { kind: inner.kind, options: defaulted(inner) };
  }
  const validate = validatorFor(kind);
  if (!validate(options)) throw new Error(`${layer.kind}: ${ajv.errorsText(validate.errors)}`);
  return options;
}

export function context(classes?: number): LayerContext {
  return { classes, kinds: layerKinds };
}

/** The shape rule of one call on one input. */
export function outputOf(layer: LayerCall, input: Shape, ctx = context()): Shape | ShapeProblem {
  return kindNamed(layer.kind).outputShape(input, defaulted(layer), ctx);
}

export function problemOf(layer: LayerCall, input: Shape, ctx = context()): ShapeProblem {
  const output = outputOf(layer, input, ctx);
  if (!isShapeProblem(output)) throw new Error(`${layer.kind} accepted ${JSON.stringify(input)}, giving ${JSON.stringify(output)}`);
  return output;
}

export interface CheckedLayer {
  kind: string;
  input: Shape;
  output: Shape;
  parameters: ParameterCount;
  nodes: readonly TfjsNode[];
}

export interface CheckedStack {
  layers: CheckedLayer[];
  output: Shape;
  parameters: ParameterCount;
}

/** Checks a network layer by layer; a shape problem anywhere is an error naming the layer. */
export function checkStack(input: Shape, calls: readonly LayerCall[], ctx = context()): CheckedStack {
  const layers: CheckedLayer[] = [];
  let shape = input;
  for (const [index, layer] of calls.entries()) {
    const kind = kindNamed(layer.kind);
    const options = defaulted(layer);
    const output = kind.outputShape(shape, options, ctx);
    if (isShapeProblem(output)) throw new Error(`layer ${index + 1} (${layer.kind}): ${output.message}`);
    layers.push({
      kind: layer.kind,
      input: shape,
      output,
      parameters: kind.parameters(shape, options, ctx),
      nodes: kind.tfjs(shape, options, ctx, {}),
    });
    shape = output;
  }
  const parameters = layers.reduce(
    (sum, l) => ({ trainable: sum.trainable + l.parameters.trainable, nonTrainable: sum.nonTrainable + l.parameters.nonTrainable }),
    { trainable: 0, nonTrainable: 0 },
  );
  return { layers, output: shape, parameters };
}
