import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnostic } from '../diagnostics/make.js';
import type { Span } from '../diagnostics/span.js';
import type { CompiledPlan } from '../runtime/compiled/plan.js';
import { compileGraph } from './graph/compile.js';
import type { Graph } from './graph/ir.js';
import { GraphLoweringError } from './graph/nn/context.js';
import { buildTrainingStep, type NetworkLowering, type TrainingStep, type TrainingStepSpec } from './graph/step.js';
import type { NetworkIR, Origin, SpecIR } from './ir.js';
import type { LayerKind } from './layers/kind.js';
import { layerKinds } from './layers/registry.js';
import { lossKinds } from './losses/registry.js';
import { optimizerKinds } from './optimizers/registry.js';

/**
 * The checked spec as the compiled training step: each layer, the loss and both optimizers
 * lowered by their own registry entries' `graph` functions into one `TrainingStepSpec`, then
 * `buildTrainingStep` (the whole iteration as a graph) and `compileGraph` (the plan the WebGPU
 * executor runs). A part without a graph lowering, or with options its lowering cannot express,
 * is a diagnostic at its spec line, never a crash or a silent fallback to tfjs.
 */

export type StepLowering = { ok: true; spec: TrainingStepSpec } | { ok: false; diagnostics: Diagnostic[] };
export type GraphLowering = { ok: true; step: TrainingStep } | { ok: false; diagnostics: Diagnostic[] };
export type PlanLowering = { ok: true; graph: Graph; plan: CompiledPlan } | { ok: false; diagnostics: Diagnostic[] };

/** The spec's text, so diagnostics can point at whole lines (the IR keeps line numbers). */
export interface StepSource {
  path: string;
  text: string;
}

/** A lowering that failed inside a layer, with the layer's line. */
class LocatedLoweringError extends Error {
  constructor(
    message: string,
    readonly origin: Origin,
  ) {
    super(message);
  }
}

export function lowerTrainingStepSpec(ir: SpecIR, source: StepSource): StepLowering {
  const at = (origin: Origin) => lineSpan(source, origin.line);
  const missing: Diagnostic[] = [];
  const unlowered = (what: string, origin: Origin, help: string) =>
    missing.push(
      diagnostic('noCompiledLowering', at(origin), `${what} has no compiled lowering`, {
        label: 'the compiled executor cannot run this',
        help,
      }),
    );
  for (const network of [ir.generator, ir.discriminator]) {
    for (const layer of network.layers) {
      for (const kind of layerKindsOf(layer.kind, layer.options)) {
        if (!kind.graph) unlowered(`the layer kind \`${kind.name}\``, layer.origin, 'train this spec with `--executor tfjs`');
      }
    }
  }
  const loss = lossKinds.get(ir.loss.kind);
  if (!loss?.graph) unlowered(`the loss \`${ir.loss.kind}\``, ir.loss.origin, 'train this spec with `--executor tfjs`');
  const optimizers = (['generator', 'discriminator'] as const).map((role) => {
    const optimizer = ir.optimizers[role];
    const kind = optimizerKinds.get(optimizer.kind);
    if (!kind?.graph) unlowered(`the optimizer \`${optimizer.kind}\``, optimizer.origin, 'train this spec with `--executor tfjs`');
    return kind?.graph?.(optimizer.options as never);
  });
  if (missing.length > 0 || !loss?.graph || !optimizers[0] || !optimizers[1]) return { ok: false, diagnostics: missing };

  const classes = ir.data.labels ? ir.data.classes : undefined;
  const scopes = layerScopes([ir.generator, ir.discriminator]);
  return {
    ok: true,
    spec: {
      latent: ir.latent,
      data: { shape: ir.data.shape, classes },
      generator: networkLowering(ir.generator, scopes.get(ir.generator)!, classes),
      discriminator: networkLowering(ir.discriminator, scopes.get(ir.discriminator)!, classes),
      loss: loss.graph(ir.loss.options as never, ir.framework),
      gradientPenalty: ir.loss.constraint.gradientPenalty,
      weightClip: ir.loss.constraint.weightClip,
      optimizers: { generator: optimizers[0], discriminator: optimizers[1] },
      schedule: { dSteps: ir.train.dSteps, updates: ir.train.updates, generatorNoise: ir.train.generatorFakes },
    },
  };
}

/** The whole iteration as a graph, or why it cannot be built. */
export function lowerTrainingGraph(ir: SpecIR, source: StepSource): GraphLowering {
  const step = lowerTrainingStepSpec(ir, source);
  if (!step.ok) return step;
  try {
    return { ok: true, step: buildTrainingStep(step.spec) };
  } catch (error) {
    return { ok: false, diagnostics: [loweringFailure(error, ir, source)] };
  }
}

/** The compiled plan for batches up to `maxBatch` (the spec's batch by default). */
export function lowerTrainingPlan(ir: SpecIR, source: StepSource, options: { maxBatch?: number } = {}): PlanLowering {
  const lowered = lowerTrainingGraph(ir, source);
  if (!lowered.ok) return lowered;
  try {
    const { plan } = compileGraph(lowered.step.graph, { maxBatch: options.maxBatch ?? ir.data.batchSize });
    return { ok: true, graph: lowered.step.graph, plan };
  } catch (error) {
    return { ok: false, diagnostics: [loweringFailure(error, ir, source)] };
  }
}

/** The layer kind of a call, and for a wrapper the kind it wraps. */
function layerKindsOf(name: string, options: Readonly<Record<string, unknown>>): LayerKind[] {
  const kind = layerKinds.get(name);
  if (!kind) return [];
  const inner = kind.wrapsLayer ? (options.layer as { kind: string; options: Record<string, unknown> } | undefined) : undefined;
  return inner ? [kind, ...layerKindsOf(inner.kind, inner.options)] : [kind];
}

/**
 * Each layer's scope, named as tfjs names the layer in a fresh process (`dense_5` is the fifth
 * dense layer, counting G's before D's), so the plan's weight names read like the checkpoint's.
 */
function layerScopes(networks: readonly NetworkIR[]): Map<NetworkIR, string[]> {
  const counts = new Map<string, number>();
  return new Map(
    networks.map((network) => [
      network,
      network.layers.map((layer) => {
        const node = layer.tfjs.find((n) => n.weighted === true) ?? layer.tfjs[0];
        const className = node ? node.factory.slice(node.factory.lastIndexOf('.') + 1) : layer.kind;
        const prefix = className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
        const count = (counts.get(prefix) ?? 0) + 1;
        counts.set(prefix, count);
        return `${prefix}_${count}`;
      }),
    ]),
  );
}

/** A network as the step calls it: its layers in order, each in its own scope. */
function networkLowering(network: NetworkIR, scopes: readonly string[], classes: number | undefined): NetworkLowering {
  return {
    name: network.name,
    forward(b, input, call) {
      let x = input;
      network.layers.forEach((layer, i) => {
        const kind = layerKinds.get(layer.kind)!;
        x = b.scope(scopes[i], () => {
          try {
            return kind.graph!(b, x, layer.inputShape, layer.options, { ...call, classes, kinds: layerKinds });
          } catch (error) {
            if (error instanceof GraphLoweringError) throw new LocatedLoweringError(error.message, layer.origin);
            throw error;
          }
        });
      });
      return x;
    },
  };
}

function loweringFailure(error: unknown, ir: SpecIR, source: StepSource): Diagnostic {
  if (error instanceof LocatedLoweringError) {
    return diagnostic('compiledLoweringFailed', lineSpan(source, error.origin.line), error.message, {
      label: 'cannot be compiled with these options',
      help: 'change the options, or train this spec with `--executor tfjs`',
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return diagnostic('compiledLoweringFailed', lineSpan(source, ir.train.origin.line), `the training step cannot be compiled: ${message}`, {
    label: 'the step this statement defines',
    notes: ['this is a limit or a bug of ganc\'s compiled step, not a mistake in the spec'],
    help: 'train this spec with `--executor tfjs`',
  });
}

/** The span of line `line` (1-based) of the source, without its line break. */
export function lineSpan(source: StepSource, line: number): Span {
  const lines = source.text.split('\n');
  const index = Math.min(Math.max(line, 1), Math.max(lines.length, 1)) - 1;
  let offset = 0;
  for (let i = 0; i < index; i++) offset += lines[i].length + 1;
  const text = (lines[index] ?? '').replace(/\r$/, '');
  const indent = text.length - text.trimStart().length;
  const start = { offset: offset + indent, line: index + 1, column: indent + 1 };
  const end = { offset: offset + text.length, line: index + 1, column: text.length + 1 };
  return { file: source.path, start, end };
}
