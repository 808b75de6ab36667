import type { Span } from '../diagnostics/span.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnostic } from '../diagnostics/make.js';
import type { NetworkIR } from './ir.js';
import type { CheckedSetting } from './settings-check.js';
import type { CheckedLayer, CheckedNetwork } from './shapes.js';
import type { Role } from './resolve.js';

/**
 * Choices that are legal one by one but wrong together (seeds.md's list of mistakes): D's last
 * activation against the loss, G's output range against the data range, and a few suspects.
 */
export interface MeaningInputs {
  data?: CheckedSetting;
  loss?: CheckedSetting;
  samples?: CheckedSetting;
  optimizers: Partial<Record<Role, CheckedSetting>>;
  generator?: CheckedNetwork;
  discriminator?: CheckedNetwork;
}

/** Layers that pass values through unchanged in range: the activation before them is the output's. */
const rangePreserving = new Set(['flatten', 'reshape', 'dropout']);
const affine = new Set(['dense', 'conv2d', 'conv2d_transpose', 'spectral_norm', 'batch_norm', 'layer_norm', 'upsample']);

/** The layer that decides what a network's output values are, skipping reshapes and the like. */
export function outputLayer(layers: readonly CheckedLayer[]): CheckedLayer | undefined {
  for (let i = layers.length - 1; i >= 0; i--) if (!rangePreserving.has(layers[i].kind.name)) return layers[i];
  return undefined;
}

export function outputActivation(layers: readonly CheckedLayer[]): NetworkIR['outputActivation'] {
  const layer = outputLayer(layers);
  if (layer === undefined || affine.has(layer.kind.name)) return 'linear';
  if (layer.kind.name === 'sigmoid' || layer.kind.name === 'tanh') return layer.kind.name;
  return 'other';
}

/** True when every layer of the network was recognised, so its last activation is known. */
function fullyKnown(network: CheckedNetwork | undefined): network is CheckedNetwork {
  return network !== undefined && network.layers.length === network.statement.layers.length;
}

export function checkMeaning(inputs: MeaningInputs, diagnostics: Diagnostic[]): void {
  checkLossAgainstDiscriminator(inputs, diagnostics);
  checkGeneratorRange(inputs, diagnostics);
  checkWassersteinConstraint(inputs.loss, diagnostics);
  checkSamplesCount(inputs.samples, diagnostics);
  checkLabelsUsed(inputs, diagnostics);
  checkCriticNormalisation(inputs, diagnostics);
  for (const network of [inputs.generator, inputs.discriminator]) if (network !== undefined) checkBiasBeforeBatchNorm(network, diagnostics);
  for (const optimizer of Object.values(inputs.optimizers)) checkAdamLearningRate(optimizer, diagnostics);
}

function valueSpan(setting: CheckedSetting, key: string): Span | undefined {
  return setting.options.valueSpans.get(key);
}

/** Where a setting's variant is written (`bce` in `loss bce`), or its keyword. */
function settingSpan(setting: CheckedSetting): Span | undefined {
  return setting.statement?.variant?.span ?? setting.statement?.keywordSpan;
}

function checkLossAgainstDiscriminator({ loss, discriminator }: MeaningInputs, diagnostics: Diagnostic[]): void {
  if (loss === undefined || !loss.options.ok || !fullyKnown(discriminator)) return;
  const activation = outputActivation(discriminator.layers);
  const last = outputLayer(discriminator.layers);
  const lossSpan = settingSpan(loss);
  const lossLabel = lossSpan === undefined ? [] : [{ span: lossSpan, message: `the loss is \`${loss.variant}\`` }];
  const spanOfLast = last?.statement.span ?? discriminator.statement.name?.span ?? discriminator.statement.roleSpan;

  if (loss.variant === 'bce') {
    const fromLogits = loss.options.values.from_logits === true;
    if (fromLogits && activation === 'sigmoid') {
      const logitsSpan = valueSpan(loss, 'from_logits');
      diagnostics.push(
        diagnostic('sigmoidWithLogitsLoss', spanOfLast, `the discriminator \`${discriminator.name}\` ends in \`sigmoid\`, but the loss expects logits (\`from_logits = true\`)`, {
          label: 'outputs probabilities',
          labels: logitsSpan === undefined ? lossLabel : [{ span: logitsSpan, message: 'the loss applies sigmoid itself' }],
          help: 'remove the final `sigmoid`, or set `from_logits = false`',
        }),
      );
    } else if (!fromLogits && activation !== 'sigmoid') {
      diagnostics.push(
        diagnostic('logitsWithProbabilityLoss', spanOfLast, `the discriminator \`${discriminator.name}\` outputs logits, but \`bce\` expects probabilities in [0, 1]`, {
          label: 'outputs unbounded scores',
          labels: lossLabel,
          help: 'add `sigmoid` as the last layer, or write `loss bce(from_logits = true)`',
        }),
      );
    }
  } else if ((loss.variant === 'wasserstein' || loss.variant === 'hinge') && activation === 'sigmoid') {
    diagnostics.push(
      diagnostic('sigmoidCritic', spanOfLast, `the critic \`${discriminator.name}\` ends in \`sigmoid\`, but a ${loss.variant} loss needs unbounded scores`, {
        label: 'squashes scores into (0, 1)',
        labels: lossLabel,
        help: 'remove the final `sigmoid`',
      }),
    );
  }
}

/** The value range each bounded output activation produces, and the other activation to suggest. */
const activationRanges: Record<string, { low: number; text: string; other: string }> = {
  tanh: { low: -1, text: '[-1, 1]', other: 'sigmoid' },
  sigmoid: { low: 0, text: '[0, 1]', other: 'tanh' },
};

function checkGeneratorRange({ data, generator }: MeaningInputs, diagnostics: Diagnostic[]): void {
  if (data === undefined || !data.options.ok || !fullyKnown(generator)) return;
  const activation = outputActivation(generator.layers);
  const produced = activationRanges[activation];
  const last = outputLayer(generator.layers);
  const range = data.options.values.range as readonly number[];
  if (produced === undefined || last === undefined || range[0] === produced.low) return;
  const rangeText = `[${range.join(', ')}]`;
  const rangeSpan = valueSpan(data, 'range');
  const dataSpan = rangeSpan ?? settingSpan(data);
  diagnostics.push(
    diagnostic('generatorRange', last.statement.span, `the generator \`${generator.name}\` ends in \`${activation}\` (values in ${produced.text}), but the data is scaled to ${rangeText}`, {
      label: `outputs ${produced.text}`,
      labels: dataSpan === undefined ? [] : [{ span: dataSpan, message: rangeSpan === undefined ? `the data range defaults to ${rangeText}` : `data in ${rangeText}` }],
      help: `write \`range = ${produced.text}\` in the data statement, or end the generator with \`${produced.other}\``,
    }),
  );
}

function checkWassersteinConstraint(loss: CheckedSetting | undefined, diagnostics: Diagnostic[]): void {
  if (loss === undefined || loss.variant !== 'wasserstein' || !loss.options.ok) return;
  const penalty = valueSpan(loss, 'gradient_penalty');
  const clip = valueSpan(loss, 'clip');
  if (penalty !== undefined && clip !== undefined) {
    const [first, second] = penalty.start.offset < clip.start.offset ? [penalty, clip] : [clip, penalty];
    diagnostics.push(
      diagnostic('wassersteinConstraint', second, '`wasserstein` takes either `gradient_penalty` or `clip`, not both', {
        label: 'second constraint',
        labels: [{ span: first, message: 'first constraint' }],
        help: 'keep `gradient_penalty` (WGAN-GP) or `clip` (the original WGAN)',
      }),
    );
  } else if (penalty === undefined && clip === undefined) {
    const span = settingSpan(loss);
    if (span === undefined) return;
    diagnostics.push(
      diagnostic('wassersteinConstraint', span, '`wasserstein` needs a Lipschitz constraint: `gradient_penalty` or `clip`', {
        label: 'no constraint',
        help: 'write `loss wasserstein(gradient_penalty = 10)` or `loss wasserstein(clip = 0.01)`',
      }),
    );
  }
}

function checkSamplesCount(samples: CheckedSetting | undefined, diagnostics: Diagnostic[]): void {
  if (samples === undefined || !samples.options.ok) return;
  const count = samples.options.values.count as number | undefined;
  const [rows, cols] = samples.options.values.grid as [number, number];
  const countSpan = valueSpan(samples, 'count');
  if (count === undefined || count === rows * cols || countSpan === undefined) return;
  const gridSpan = valueSpan(samples, 'grid');
  diagnostics.push(
    diagnostic('samplesCount', countSpan, `\`count\` is ${count}, but a ${rows}x${cols} grid holds ${rows * cols} samples`, {
      label: `${count} samples`,
      labels: gridSpan === undefined ? [] : [{ span: gridSpan, message: `${rows * cols} cells` }],
      help: `write \`count = ${rows * cols}\` or leave it out, or change the grid`,
    }),
  );
}

function usesLabels(network: CheckedNetwork | undefined): boolean {
  return network?.layers.some((layer) => layer.kind.name === 'label_embed') ?? false;
}

function checkLabelsUsed({ data, generator, discriminator }: MeaningInputs, diagnostics: Diagnostic[]): void {
  if (data === undefined || data.options.values.labels !== true) return;
  if (usesLabels(generator) || usesLabels(discriminator)) return;
  const span = valueSpan(data, 'labels');
  if (span === undefined) return;
  diagnostics.push(
    diagnostic('unusedLabels', span, 'the data carries class labels, but neither network reads them', {
      label: 'labels loaded for nothing',
      help: 'add `label_embed(...)` to the generator and the discriminator for a conditional GAN, or remove `labels = true`',
    }),
  );
}

function checkCriticNormalisation({ loss, discriminator }: MeaningInputs, diagnostics: Diagnostic[]): void {
  if (loss === undefined || loss.variant !== 'wasserstein' || loss.options.values.gradient_penalty === undefined || discriminator === undefined) return;
  for (const layer of discriminator.layers) {
    if (layer.kind.name !== 'batch_norm') continue;
    diagnostics.push(
      diagnostic('batchNormInCritic', layer.statement.callee.span, `\`batch_norm\` in the critic \`${discriminator.name}\` breaks the per-sample gradient penalty`, {
        label: 'mixes samples of a batch',
        help: 'use `layer_norm` instead',
      }),
    );
  }
}

/** The `bias` option of a layer, or of the layer a wrapper holds. */
function hasBias(layer: CheckedLayer): boolean {
  const values = layer.options.values;
  if (values.bias === true) return true;
  const inner = values.layer as { options?: Record<string, unknown> } | undefined;
  return inner?.options?.bias === true;
}

function checkBiasBeforeBatchNorm(network: CheckedNetwork, diagnostics: Diagnostic[]): void {
  const layers = network.layers;
  for (let i = 0; i + 1 < layers.length; i++) {
    const layer = layers[i];
    if (layers[i + 1].kind.name !== 'batch_norm' || !layer.options.ok || !hasBias(layer)) continue;
    const biasSpan = layer.options.valueSpans.get('bias');
    diagnostics.push(
      diagnostic('biasBeforeBatchNorm', biasSpan ?? layer.statement.span, `the bias of \`${layer.kind.name}\` is cancelled by the \`batch_norm\` after it`, {
        label: biasSpan === undefined ? 'has a bias by default' : 'redundant bias',
        labels: [{ span: layers[i + 1].statement.span, message: 'subtracts the mean, bias included' }],
        help: 'write `bias = false`',
      }),
    );
  }
}

function checkAdamLearningRate(optimizer: CheckedSetting | undefined, diagnostics: Diagnostic[]): void {
  if (optimizer === undefined || optimizer.variant !== 'adam' || !optimizer.options.ok) return;
  const lr = optimizer.options.values.lr as number;
  const span = valueSpan(optimizer, 'lr');
  if (lr <= 0.01 || span === undefined) return;
  diagnostics.push(
    diagnostic('highAdamLearningRate', span, `learning rate ${lr} is high for Adam`, {
      label: 'above 0.01',
      notes: ['GANs usually train Adam with 1e-4 to 2e-4; large steps tend to make them diverge or collapse'],
      help: 'try `lr = 2e-4`',
    }),
  );
}
