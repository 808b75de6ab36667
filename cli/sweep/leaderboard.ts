import { join, relative } from 'node:path';
import { writeFileAtomic } from '../../runtime/files.js';
import { renderLossPlot } from '../../runtime/images/plot.js';
import type { TrialResult } from './trial.js';

/**
 * The sweep's results, rewritten each time a trial finishes: `leaderboard.md`, `.csv` and
 * `.json` (best first by the sweep's metric; failed trials last, with their reason), and one
 * plot per swept target of the metric against the target's values (`plot_<target>.png`).
 */

export interface SweepMeta {
  spec: string;
  metric: 'fid' | 'precision' | 'recall' | 'classes';
  direction: 'minimize' | 'maximize';
  targets: string[];
  total: number;
}

export function metricOf(result: TrialResult, metric: SweepMeta['metric']): number | undefined {
  return result.status === 'finished' ? result[metric] : undefined;
}

export function ranked(results: readonly TrialResult[], meta: SweepMeta): TrialResult[] {
  const sign = meta.direction === 'minimize' ? 1 : -1;
  return [...results].sort((a, b) => {
    const x = metricOf(a, meta.metric);
    const y = metricOf(b, meta.metric);
    if (x === undefined || y === undefined) return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0) || a.index - b.index;
    return sign * (x - y) || a.index - b.index;
  });
}

const figure = (value: number | undefined, digits: number) => (value === undefined ? '' : value.toFixed(digits));

function rows(results: readonly TrialResult[], meta: SweepMeta, out: string): string[][] {
  return ranked(results, meta).map((r, i) => [
    String(i + 1),
    r.name,
    ...meta.targets.map((t) => r.values.find((v) => v.target === t)?.text ?? ''),
    r.status,
    String(r.steps),
    r.wallSeconds.toFixed(1),
    figure(r.fid, 3),
    r.classes === undefined ? '' : `${r.classes}/${r.classesOf}`,
    figure(r.precision, 3),
    figure(r.recall, 3),
    r.grid === undefined ? '' : relative(out, r.grid),
    r.reason ?? '',
  ]);
}

function header(meta: SweepMeta): string[] {
  return ['rank', 'trial', ...meta.targets, 'status', 'steps', 'wall s', 'FID', 'classes', 'precision', 'recall', 'grid', 'reason'];
}

function csvCell(cell: string): string {
  return /[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function leaderboardMarkdown(results: readonly TrialResult[], meta: SweepMeta, out: string): string {
  const head = header(meta);
  const lines = [
    `# Sweep of ${meta.spec}`,
    '',
    `${results.length} of ${meta.total} trials done; ranked by ${meta.metric} (${meta.direction}).`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows(results, meta, out).map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
  ];
  return lines.join('\n') + '\n';
}

export function writeLeaderboard(out: string, results: readonly TrialResult[], meta: SweepMeta): void {
  writeFileAtomic(join(out, 'leaderboard.md'), leaderboardMarkdown(results, meta, out));
  writeFileAtomic(join(out, 'leaderboard.csv'), [header(meta), ...rows(results, meta, out)].map((r) => r.map(csvCell).join(',')).join('\n') + '\n');
  writeFileAtomic(join(out, 'leaderboard.json'), JSON.stringify({ ...meta, done: results.length, trials: ranked(results, meta) }, null, 2) + '\n');
  for (const target of meta.targets) {
    // The metric against the target's values, in the values' order (numbers by size): the best trial at each value.
    const byValue = new Map<string, { value: number | string; best: number }>();
    for (const r of results) {
      const m = metricOf(r, meta.metric);
      const v = r.values.find((x) => x.target === target);
      if (m === undefined || v === undefined) continue;
      const seen = byValue.get(v.text);
      const better = seen === undefined || (meta.direction === 'minimize' ? m < seen.best : m > seen.best);
      if (better) byValue.set(v.text, { value: v.value, best: m });
    }
    const points = [...byValue.entries()].sort(([, a], [, b]) => (typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value))));
    // Numbers at their values (over decades, as log10: learning rates); anything else, one place per value in order.
    const numeric = points.length > 0 && points.every(([, p]) => typeof p.value === 'number' && Number.isFinite(p.value));
    const values = points.map(([, p]) => p.value as number);
    const logScale = numeric && values.every((v) => v > 0) && Math.max(...values) / Math.min(...values) >= 100;
    const x = numeric ? values.map((v) => (logScale ? Math.log10(v) : v)) : points.map((_, i) => i);
    const png = renderLossPlot([{ name: `best ${meta.metric} at each value`, values: points.map(([, p]) => p.best), x }], {
      xLabel: numeric ? (logScale ? `log10(${target})` : target) : `${target}: ${points.map(([text]) => text).join(', ')}`,
      yLabel: meta.metric,
    });
    writeFileAtomic(join(out, `plot_${target.replace(/[^A-Za-z0-9_]+/g, '_')}.png`), png);
  }
}
