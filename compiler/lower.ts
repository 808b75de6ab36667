import type { SourceFile, Span } from '../diagnostics/span.js';
import type { LayerIR, NetworkIR, Origin, SpecIR } from './ir.js';
import type { ParameterCount } from './layers/kind.js';
import { outputActivation } from './meaning.js';
import type { Role } from './resolve.js';
import type { CheckedSetting } from './settings-check.js';
import type { CheckedNetwork } from './shapes.js';
import { lowerCheckpoint } from './settings/checkpoint.js';
import { lowerData } from './settings/data.js';
import { lowerLatent } from './settings/latent.js';
import { lowerLoss } from './settings/loss.js';
import { lowerOptimizer } from './settings/optimizer.js';
import { lowerSamples } from './settings/samples.js';
import { lowerTrain } from './settings/train.js';

/** Everything a spec without errors has: each part checked, both networks shaped. */
export interface CheckedSpec {
  name: string;
  title: string;
  source: SourceFile;
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

type OptimizerKind = SpecIR['optimizers']['generator']['kind'];

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
  return {
    name: spec.name,
    title: spec.title,
    sourcePath: spec.source.path,
    data: lowerData(spec.data.variant as SpecIR['data']['source'], spec.data.options.values, origin(spec.data)),
    latent: lowerLatent(spec.latent.variant as SpecIR['latent']['distribution'], spec.latent.options.values, origin(spec.latent)),
    generator: lowerNetwork(spec.generator, origins),
    discriminator: lowerNetwork(spec.discriminator, origins),
    loss: lowerLoss(spec.loss.variant as SpecIR['loss']['kind'], spec.loss.options.values, origin(spec.loss)),
    optimizers: {
      generator: lowerOptimizer(spec.optimizers.generator.variant as OptimizerKind, spec.optimizers.generator.options.values, origin(spec.optimizers.generator)),
      discriminator: lowerOptimizer(spec.optimizers.discriminator.variant as OptimizerKind, spec.optimizers.discriminator.options.values, origin(spec.optimizers.discriminator)),
    },
    train: lowerTrain(spec.train.options.values, origin(spec.train)),
    samples: lowerSamples(spec.samples.options.values, origin(spec.samples)),
    checkpoint: lowerCheckpoint(spec.checkpoint.options.values, origin(spec.checkpoint)),
  };
}

function lowerNetwork(network: CheckedNetwork, origins: Origins): NetworkIR {
  const layers = network.layers.map((layer): LayerIR => {
    if (layer.inputShape === undefined || layer.outputShape === undefined || layer.parameters === undefined || layer.emitted === undefined) {
      throw new Error(`lowering ${network.name}: layer \`${layer.kind.name}\` was not shaped; only complete networks are lowered`);
    }
    return {
      kind: layer.kind.name,
      options: layer.options.values,
      inputShape: layer.inputShape,
      outputShape: layer.outputShape,
      parameters: layer.parameters,
      emitted: layer.emitted,
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
    conditional: layers.some((layer) => layer.emitted.some((op) => op.op === 'joinLabel')),
    layers,
    parameters: totalParameters(layers.map((layer) => layer.parameters)),
    outputActivation: outputActivation(network.layers),
    origin: origins.of(network.statement.span),
  };
}

function totalParameters(counts: readonly ParameterCount[]): ParameterCount {
  return counts.reduce((sum, c) => ({ trainable: sum.trainable + c.trainable, nonTrainable: sum.nonTrainable + c.nonTrainable }), { trainable: 0, nonTrainable: 0 });
}
