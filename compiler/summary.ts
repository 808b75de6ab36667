import type { SourceFile } from '../diagnostics/span.js';
import { groupDigits } from './lowering/literal.js';
import { formatShape, type Shape } from './shape.js';
import type { CheckedNetwork } from './shapes.js';

/** One row of a Keras-style model summary. */
export interface SummaryRow {
  /** The layer as written in the spec, whitespace collapsed, shortened if long. */
  layer: string;
  outputShape: Shape;
  parameters: number;
  line: number;
}

export interface NetworkSummary {
  role: 'generator' | 'discriminator';
  name: string;
  inputShape: Shape;
  rows: SummaryRow[];
  total: number;
  trainable: number;
  nonTrainable: number;
}

const longestLayerText = 40;

/** The summary of a network whose shapes are all known; undefined otherwise. */
export function summarize(network: CheckedNetwork, source: SourceFile): NetworkSummary | undefined {
  if (!network.complete || network.inputShape === undefined) return undefined;
  const rows: SummaryRow[] = [];
  let trainable = 0;
  let nonTrainable = 0;
  for (const layer of network.layers) {
    if (layer.outputShape === undefined || layer.parameters === undefined) return undefined;
    const { start, end } = layer.statement.span;
    rows.push({
      layer: shorten(source.text.slice(start.offset, end.offset).replace(/\s+/g, ' ').trim()),
      outputShape: layer.outputShape,
      parameters: layer.parameters.trainable + layer.parameters.nonTrainable,
      line: start.line,
    });
    trainable += layer.parameters.trainable;
    nonTrainable += layer.parameters.nonTrainable;
  }
  return { role: network.role, name: network.name, inputShape: network.inputShape, rows, total: trainable + nonTrainable, trainable, nonTrainable };
}

function shorten(text: string): string {
  return text.length <= longestLayerText ? text : `${text.slice(0, longestLayerText - 3)}...`;
}

/** A Keras-style table: layer as written, output shape with its batch axis, parameter count, totals. */
export function formatSummary(summary: NetworkSummary): string {
  const header = ['Layer', 'Output Shape', 'Param #'];
  const cells = summary.rows.map((row) => [row.layer, formatShape(row.outputShape), groupDigits(row.parameters)]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((c) => c[i].length)) + 3);
  const line = (values: string[]) => ` ${values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join('')}`.trimEnd();
  const width = widths.reduce((a, b) => a + b, 1);
  return [
    `Model: "${summary.name}" (${summary.role})`,
    `Input: ${formatShape(summary.inputShape)}`,
    '_'.repeat(width),
    line(header),
    '='.repeat(width),
    ...cells.map(line),
    '='.repeat(width),
    `Total params: ${groupDigits(summary.total)}`,
    `Trainable params: ${groupDigits(summary.trainable)}`,
    `Non-trainable params: ${groupDigits(summary.nonTrainable)}`,
    '_'.repeat(width),
  ].join('\n');
}
