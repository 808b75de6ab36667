import type { Span } from '../diagnostics/span.js';
import type { Diagnostic, Label } from '../diagnostics/diagnostic.js';
import { diagnostic } from '../diagnostics/make.js';
import { layerKinds } from './layers/registry.js';
import { isBounded, outputRange, rangeText, sameRange, type ValueRange } from './layers/range.js';
import type { DiscriminatorOutput } from './losses/kind.js';
import { lossKind } from './losses/registry.js';
import { optimizerKind } from './optimizers/registry.js';
import type { CheckedSetting } from './settings-check.js';
import type { CheckedLayer, CheckedNetwork } from './shapes.js';
import type { Role } from './resolve.js';

/**
 * Choices that are legal one by one but wrong together (seeds.md's list of mistakes): G's output
 * range against the data range, a sample count against its grid, labels nobody reads, a bias a
 * batch norm cancels; and each loss's and optimizer's own checks, which live in their registry
 * entries (D's last activation against the loss, a high Adam learning rate).
 */
export interface MeaningInputs {
  data?: CheckedSetting;
  loss?: CheckedSetting;
  samples?: CheckedSetting;
  optimizers: Partial<Record<Role, CheckedSetting>>;
  generator?: CheckedNetwork;
  discriminator?: CheckedNetwork;
}

/** True when every layer of the network was recognised, so its output range is known. */
function fullyKnown(network: CheckedNetwork | undefined): network is CheckedNetwork {
  return network !== undefined && network.layers.length === network.statement.layers.length;
}

export function checkMeaning(inputs: MeaningInputs, diagnostics: Diagnostic[]): void {
  checkLoss(inputs, diagnostics);
  checkGeneratorRange(inputs, diagnostics);
  checkSamplesCount(inputs.samples, diagnostics);
  checkLabelsUsed(inputs, diagnostics);
  for (const network of [inputs.generator, inputs.discriminator]) if (network !== undefined) checkBiasBeforeCentring(network, diagnostics);
  for (const optimizer of Object.values(inputs.optimizers)) checkOptimizer(optimizer, diagnostics);
}

function valueSpan(setting: CheckedSetting, key: string): Span | undefined {
  return setting.options.valueSpans.get(key);
}

/** Where a setting's variant is written (`bce` in `loss bce`), or its keyword. */
function settingSpan(setting: CheckedSetting): Span | undefined {
  return setting.statement?.variant?.span ?? setting.statement?.keywordSpan;
}

/** D's output as the loss checks read it, when all of D's layers are known. */
function discriminatorOutput(discriminator: CheckedNetwork | undefined): DiscriminatorOutput | undefined {
  if (!fullyKnown(discriminator)) return undefined;
  const { range, index } = outputRange(discriminator.layers.map((layer) => ({ kind: layer.kind, options: layer.options.values })));
  const last = index === undefined ? undefined : discriminator.layers[index];
  return {
    name: discriminator.name,
    range,
    last,
    span: last?.statement.span ?? discriminator.statement.name?.span ?? discriminator.statement.roleSpan,
    layers: discriminator.layers,
  };
}

function checkLoss({ loss, discriminator }: MeaningInputs, diagnostics: Diagnostic[]): void {
  if (loss === undefined || !loss.options.ok) return;
  const kind = lossKind(loss.variant);
  if (kind === undefined) return;
  const span = settingSpan(loss);
  const lossLabels: Label[] = span === undefined ? [] : [{ span, message: `the loss is \`${loss.variant}\`` }];
  diagnostics.push(
    ...kind.check({
      options: loss.options.values,
      valueSpan: (option) => valueSpan(loss, option),
      span,
      lossLabels,
      discriminator: discriminatorOutput(discriminator),
    }),
  );
}

function checkOptimizer(optimizer: CheckedSetting | undefined, diagnostics: Diagnostic[]): void {
  if (optimizer === undefined || !optimizer.options.ok) return;
  const kind = optimizerKind(optimizer.variant);
  if (kind?.check === undefined) return;
  diagnostics.push(...kind.check({ options: optimizer.options.values as never, valueSpan: (option) => valueSpan(optimizer, option) }));
}

/** A parameter-free layer kind whose output range is exactly `range`, to suggest as G's last layer. */
function activationFor(range: ValueRange): string | undefined {
  for (const kind of layerKinds.values()) {
    if (kind.positional.length > 0) continue;
    const effect = kind.range({});
    if (effect !== 'preserves' && sameRange(effect, range)) return kind.name;
  }
  return undefined;
}

function checkGeneratorRange({ data, generator }: MeaningInputs, diagnostics: Diagnostic[]): void {
  if (data === undefined || !data.options.ok || !fullyKnown(generator)) return;
  const { range: produced, index } = outputRange(generator.layers.map((layer) => ({ kind: layer.kind, options: layer.options.values })));
  const [low, high] = data.options.values.range as readonly number[];
  const wanted: ValueRange = { low, high };
  if (index === undefined || !isBounded(produced) || sameRange(produced, wanted)) return;
  const last = generator.layers[index];
  const dataText = rangeText(wanted);
  const producedText = rangeText(produced);
  const rangeSpan = valueSpan(data, 'range');
  const dataSpan = rangeSpan ?? settingSpan(data);
  const other = activationFor(wanted);
  diagnostics.push(
    diagnostic('generatorRange', last.statement.span, `the generator \`${generator.name}\` ends in \`${last.kind.name}\` (values in ${producedText}), but the data is scaled to ${dataText}`, {
      label: `outputs ${producedText}`,
      labels: dataSpan === undefined ? [] : [{ span: dataSpan, message: rangeSpan === undefined ? `the data range defaults to ${dataText}` : `data in ${dataText}` }],
      help: `write \`range = ${producedText}\` in the data statement${other === undefined ? '' : `, or end the generator with \`${other}\``}`,
    }),
  );
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

function readsLabels(network: CheckedNetwork | undefined): boolean {
  return network?.layers.some((layer) => layer.kind.reads?.includes('labels') === true) ?? false;
}

function checkLabelsUsed({ data, generator, discriminator }: MeaningInputs, diagnostics: Diagnostic[]): void {
  if (data === undefined || data.options.values.labels !== true) return;
  if (readsLabels(generator) || readsLabels(discriminator)) return;
  const span = valueSpan(data, 'labels');
  if (span === undefined) return;
  const readers = [...layerKinds.values()].filter((kind) => kind.reads?.includes('labels')).map((kind) => `\`${kind.name}(...)\``);
  diagnostics.push(
    diagnostic('unusedLabels', span, 'the data carries class labels, but neither network reads them', {
      label: 'labels loaded for nothing',
      help: `add ${readers.join(' or ')} to the generator and the discriminator for a conditional GAN, or remove \`labels = true\``,
    }),
  );
}

/** The `bias` option of a layer, or of the layer a wrapper holds. */
function hasBias(layer: CheckedLayer): boolean {
  const values = layer.options.values;
  if (values.bias === true) return true;
  const inner = values.layer as { options?: Record<string, unknown> } | undefined;
  return inner?.options?.bias === true;
}

function checkBiasBeforeCentring(network: CheckedNetwork, diagnostics: Diagnostic[]): void {
  const layers = network.layers;
  for (let i = 0; i + 1 < layers.length; i++) {
    const layer = layers[i];
    const next = layers[i + 1];
    if (next.kind.centresChannels !== true || !layer.options.ok || !hasBias(layer)) continue;
    const biasSpan = layer.options.valueSpans.get('bias');
    diagnostics.push(
      diagnostic('biasBeforeBatchNorm', biasSpan ?? layer.statement.span, `the bias of \`${layer.kind.name}\` is cancelled by the \`${next.kind.name}\` after it`, {
        label: biasSpan === undefined ? 'has a bias by default' : 'redundant bias',
        labels: [{ span: next.statement.span, message: 'subtracts the mean, bias included' }],
        help: 'write `bias = false`',
      }),
    );
  }
}
