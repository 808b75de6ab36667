import type { LayerStatement, NetworkStatement } from '../grammar/ast.js';
import type { Span } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import type { LayerKind } from './layers/kind.js';
import { layerKind, layerKinds } from './layers/registry.js';
import { describeValue, type Value } from './evaluate.js';
import { checkOptions, type CheckedOptions, type OptionContext, type OptionSet } from './options.js';
import { networkName, type Role } from './resolve.js';
import { schemaFor } from './frameworks.js';
import { checkVariantValue } from './settings-check.js';
import { initKind } from './settings/init.js';
import { didYouMean } from './suggest.js';

/**
 * The options phase for networks: each layer's kind resolved and its options validated (with
 * defaults applied), before any shape is computed.
 */

/** A layer whose kind is known and whose options were checked. */
export interface OptionedLayer {
  statement: LayerStatement;
  kind: LayerKind;
  options: CheckedOptions;
}

export interface OptionedNetwork {
  role: Role;
  name: string;
  statement: NetworkStatement;
  /** The layers whose kind is known, in order. */
  layers: OptionedLayer[];
  /** How many of `layers` come before the first layer of unknown kind (all of them when none). */
  knownPrefix: number;
}

export function checkNetworkOptions(statement: NetworkStatement, context: OptionContext): OptionedNetwork {
  const layers: OptionedLayer[] = [];
  let knownPrefix: number | undefined;
  for (const layer of statement.layers) {
    const kind = resolveLayerKind(layer.callee.name, layer.callee.span, context);
    if (kind === undefined) {
      knownPrefix ??= layers.length;
      continue;
    }
    layers.push({ statement: layer, kind, options: checkOptions(layerOptionSet(kind, context), layer.args, layer.span, context) });
  }
  return {
    role: statement.role,
    name: networkName(statement),
    statement,
    layers,
    knownPrefix: knownPrefix ?? layers.length,
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
  const set: OptionSet = { title: kind.name, positional: kind.positional, schema: schemaFor(kind.schema, kind.frameworkDefaults, context.framework) };
  const nested: Record<string, (value: Value) => unknown> = {};
  if (kind.wrapsLayer === true && kind.positional.length > 0) nested[kind.positional[0]] = (value) => checkInnerLayer(kind, value, context);
  if ('init' in ((kind.schema as { properties?: object }).properties ?? {})) nested.init = (value) => checkVariantValue(initKind, 'init', value, context);
  if (Object.keys(nested).length > 0) set.nested = nested;
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
