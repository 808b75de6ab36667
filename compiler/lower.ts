import type { SourceFile, Span } from '../diagnostics/span.js';
import type { DataSpec, LatentSpec } from '../runtime/program.js';
import type { LayerIR, LossIR, NetworkIR, OptimizerIR, Origin, SpecIR } from './ir.js';
import type { Framework } from './frameworks.js';
import { chooseInitializers } from './init/choose.js';
import type { ChosenScheme } from './init/scheme.js';
import type { Initializers, LayerContext, ParameterCount } from './layers/kind.js';
import { lossKind } from './losses/registry.js';
import { optimizerKind } from './optimizers/registry.js';
import type { Role } from './resolve.js';
import type { CheckedSetting } from './settings-check.js';
import { lowerCheckpoint } from './settings/checkpoint.js';
import { lowerData } from './settings/data.js';
import { lowerLatent } from './settings/latent.js';
import { lowerSchedule, type ScheduleOptions } from './settings/schedule.js';
import { lowerSamples } from './settings/samples.js';
import { lowerTrain } from './settings/train.js';
import { layerContext, type CheckedLayer, type CheckedNetwork } from './shapes.js';

/**
 * The lowering phase: a spec that checked clean becomes the IR, every part in the form the
 * emitter writes (layers as TensorFlow.js layer calls, losses as tf statements, optimizers as
 * tf optimizers), asked of each part's registry entry.
 */

/** Everything a spec without errors has: each part checked, both networks shaped. */
export interface CheckedSpec {
  name: string;
  title: string;
  source: SourceFile;
  framework: Framework;
  /** Each network's `init` statement, when the spec has one. */
  inits: Partial<Record<Role, CheckedSetting>>;
  data: CheckedSetting;
  latent: CheckedSetting;
  loss: CheckedSetting;
  optimizers: Record<Role, CheckedSetting>;
  train: CheckedSetting;
  samples: CheckedSetting;
  checkpoint: CheckedSetting;
  generator: CheckedNetwork;
  discriminator: CheckedNetwork;
}

/** The origin of a part a spec leaves out: its defaults come from no line. */
const defaulted: Origin = { line: 0, text: '' };

/** Reads the spec lines parts come from, for the origins the emitted code cites. */
class Origins {
  private readonly lines: string[];
  constructor(source: SourceFile) {
    this.lines = source.text.split(/\r\n|\r|\n/);
  }
  of(span: Span | undefined): Origin {
    if (span === undefined) return defaulted;
    return { line: span.start.line, text: (this.lines[span.start.line - 1] ?? '').trim() };
  }
}

export function lowerSpec(spec: CheckedSpec): SpecIR {
  const origins = new Origins(spec.source);
  const origin = (setting: CheckedSetting) => origins.of(setting.statement?.span);
  const data = lowerData(spec.data.variant as DataSpec['source'], spec.data.options.values, origin(spec.data));
  const classes = data.labels ? data.classes : undefined;
  return {
    name: spec.name,
    title: spec.title,
    sourcePath: spec.source.path,
    data,
    latent: lowerLatent(spec.latent.variant as LatentSpec['distribution'], spec.latent.options.values, origin(spec.latent)),
    framework: spec.framework,
    generator: lowerNetwork(spec.generator, { classes, framework: spec.framework, init: chosenScheme(spec.inits.generator) }, origins),
    discriminator: lowerNetwork(spec.discriminator, { classes, framework: spec.framework, init: chosenScheme(spec.inits.discriminator) }, origins),
    loss: lowerLoss(spec.loss, spec.framework, origin(spec.loss)),
    optimizers: {
      generator: lowerOptimizer(spec.optimizers.generator, origin(spec.optimizers.generator)),
      discriminator: lowerOptimizer(spec.optimizers.discriminator, origin(spec.optimizers.discriminator)),
    },
    train: lowerTrain(spec.train.options.values, origin(spec.train)),
    samples: lowerSamples(spec.samples.options.values, origin(spec.samples)),
    checkpoint: lowerCheckpoint(spec.checkpoint.options.values, origin(spec.checkpoint)),
  };
}

/** An `init G dcgan` statement as the scheme it names. */
function chosenScheme(setting: CheckedSetting | undefined): ChosenScheme | undefined {
  return setting === undefined ? undefined : { kind: setting.variant, ...setting.options.values };
}

/** What lowering a network's layers needs besides the layers. */
interface NetworkFacts {
  classes: number | undefined;
  framework: Framework;
  /** The network's `init` statement's scheme. */
  init: ChosenScheme | undefined;
}

function lowerNetwork(network: CheckedNetwork, facts: NetworkFacts, origins: Origins): NetworkIR {
  const context = layerContext(facts.classes);
  const layers = network.layers.map((layer): LayerIR => {
    if (layer.inputShape === undefined || layer.outputShape === undefined || layer.parameters === undefined) {
      throw new Error(`lowering ${network.name}: layer \`${layer.kind.name}\` was not shaped; only complete networks are lowered`);
    }
    return {
      kind: layer.kind.name,
      options: layer.options.values,
      inputShape: layer.inputShape,
      outputShape: layer.outputShape,
      parameters: layer.parameters,
      tfjs: layer.kind.tfjs(layer.inputShape, layer.options.values, context, initializersOf(layer, context, facts)),
      origin: origins.of(layer.statement.span),
    };
  });
  if (network.inputShape === undefined || network.outputShape === undefined) {
    throw new Error(`lowering ${network.name}: its shapes are unknown; only complete networks are lowered`);
  }
  return {
    role: network.role,
    name: network.name,
    inputShape: network.inputShape,
    outputShape: network.outputShape,
    conditional: network.layers.some((layer) => layer.kind.reads?.includes('labels') === true),
    layers,
    parameters: totalParameters(layers.map((layer) => layer.parameters)),
    origin: origins.of(network.statement.span),
  };
}

/** A shaped layer's initializers: its own `init` first, then its network's, then the framework's scheme. */
function initializersOf(layer: CheckedLayer, context: LayerContext, facts: NetworkFacts): Initializers {
  const { kind, options, inputShape } = layer;
  if (kind.weights === undefined || inputShape === undefined) return {};
  const own = kind.chosenInit?.(options.values) ?? (options.values.init as ChosenScheme | undefined);
  return chooseInitializers(kind.weights(inputShape, options.values, context), [own, facts.init], facts.framework);
}

function lowerLoss(setting: CheckedSetting, framework: Framework, origin: Origin): LossIR {
  const kind = lossKind(setting.variant);
  if (kind === undefined) throw new Error(`lowering: no loss \`${setting.variant}\` in the registry; the checker should have reported it`);
  const options = setting.options.values;
  const code = kind.tfjs(options, framework);
  return {
    kind: kind.name,
    options,
    scores: kind.scores(options),
    constraint: kind.constraint?.(options) ?? {},
    discriminatorLoss: code.discriminator,
    generatorLoss: code.generator,
    helpers: code.helpers ?? [],
    origin,
  };
}

function lowerOptimizer(setting: CheckedSetting, origin: Origin): OptimizerIR {
  const kind = optimizerKind(setting.variant);
  if (kind === undefined) throw new Error(`lowering: no optimizer \`${setting.variant}\` in the registry; the checker should have reported it`);
  const options = setting.options.values as { lr: number; schedule: ScheduleOptions };
  return {
    kind: kind.name,
    options,
    learningRate: { base: options.lr, schedule: lowerSchedule(options.schedule) },
    tfjs: kind.tfjs(options),
    origin,
  };
}

function totalParameters(counts: readonly ParameterCount[]): ParameterCount {
  return counts.reduce((sum, c) => ({ trainable: sum.trainable + c.trainable, nonTrainable: sum.nonTrainable + c.nonTrainable }), { trainable: 0, nonTrainable: 0 });
}
