import type { CommandModule } from 'yargs';
import { BACKEND_NAMES, BackendUnavailableError, describeChoice, selectBackend, type BackendName } from '../../runtime/backends/index.js';
import { CheckpointError } from '../../runtime/checkpoint/error.js';
import { readGeneratorFacts, resolveCheckpoint } from '../../runtime/checkpoint/folder.js';
import { DataError } from '../../runtime/data/index.js';
import type { EvalDataset } from '../../runtime/eval/classifier.js';
import { chooseEvalDataset, DatasetMismatchError, EVAL_DATASETS, type DatasetChoice } from '../../runtime/eval/dataset-choice.js';
import { EvalError } from '../../runtime/eval/error.js';
import { evalCountProblem, evaluateCheckpoint, type EvalReport, type QualityFigures } from '../../runtime/eval/evaluate.js';
import { exitCodes } from '../exit-codes.js';
import { seedFlag } from '../flag-checks.js';

interface EvalArgs {
  source: string;
  n: number;
  dataset?: EvalDataset;
  seed: number;
  backend: BackendName;
  verbose: boolean;
  json: boolean;
  'data-dir'?: string;
}

const COLUMNS = ['', 'FID', 'classes', 'KL', 'precision', 'recall'];

function row(name: string, f: QualityFigures): string[] {
  return [name, f.fid.toFixed(3), `${f.covered}/${f.classes}`, f.klFromUniform.toFixed(4), f.precision.toFixed(3), f.recall.toFixed(3)];
}

/** Left-aligned first column, the figures right-aligned. */
export function formatEvalReport(report: EvalReport): string {
  const rows = [COLUMNS, row('samples', report.samples), row('real floor', report.realFloor)];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  return [
    `${report.checkpoint}: ${report.count} samples vs the first ${report.count} ${report.dataset} test images`,
    ...lines,
    `classes: classes with a sample classified at > 0.9 confidence; KL: predicted class histogram from uniform, in nats;`,
    `precision/recall: k-NN manifolds, k = ${report.neighbours}; real floor: ${report.count} random training images`,
  ].join('\n');
}

export const evalCommand: CommandModule<object, EvalArgs> = {
  command: 'eval <source>',
  describe: "judge a trained generator: FID, class coverage, KL from uniform, precision and recall, next to real images' figures",
  builder: (y) =>
    y
      .positional('source', { type: 'string', demandOption: true, describe: 'checkpoint folder or run folder (its latest checkpoint)' })
      .option('n', { type: 'number', default: 10000, describe: 'images per set (at most 10000, the test split)' })
      .option('dataset', { choices: EVAL_DATASETS, describe: 'whose classifier and test set; default: the data set the checkpoint records (mnist for a checkpoint without one)' })
      .option('data-dir', { type: 'string', describe: 'folder holding the data set IDX files' })
      .option('seed', { type: 'number', default: 0, describe: 'seed of the latents and of the real training images drawn' })
      .option('backend', {
        choices: BACKEND_NAMES,
        default: 'auto' as BackendName,
        describe: 'TensorFlow.js backend',
      })
      .option('verbose', { type: 'boolean', default: false, describe: "show the backends' own output (Dawn's, while auto looks for a GPU)" })
      .option('json', { type: 'boolean', default: false, describe: 'print the figures as JSON' })
      .check((args) => {
        const seed = seedFlag(args.seed);
        return seed !== true ? seed : (evalCountProblem(args.n) ?? true);
      }),
  handler: async (args) => {
    let data: DatasetChoice;
    try {
      // The checkpoint's data set against --dataset first: a mismatch is a usage error, before any backend starts.
      const checkpoint = resolveCheckpoint(args.source);
      data = chooseEvalDataset(checkpoint, readGeneratorFacts(checkpoint), args.dataset, args['data-dir']);
    } catch (error) {
      if (error instanceof DatasetMismatchError || error instanceof CheckpointError) {
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = error instanceof DatasetMismatchError ? exitCodes.usage : exitCodes.errors;
        return;
      }
      throw error;
    }
    if (data.note !== undefined) process.stderr.write(`note: ${data.note}\n`);
    try {
      const choice = await selectBackend(args.backend, { verbose: args.verbose });
      for (const line of describeChoice(choice)) process.stderr.write(`${line}\n`);
      const report = await evaluateCheckpoint(args.source, { dataset: data.dataset, count: args.n, seed: args.seed, dataDir: data.dataDir });
      process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatEvalReport(report)}\n`);
    } catch (error) {
      if (error instanceof BackendUnavailableError || error instanceof CheckpointError || error instanceof DataError || error instanceof EvalError) {
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = exitCodes.errors;
        return;
      }
      throw error;
    }
  },
};
