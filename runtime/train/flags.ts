import yargs, { type Options } from 'yargs';
import { BACKEND_NAMES, type BackendName } from '../backends/index.js';
import type { TrainerProgram } from '../program.js';
import { unknownFlagMessage } from '../suggest.js';
import { TrainerError } from './errors.js';
import { TRAINER_FLAG_NAMES, type TrainerFlagName } from './flag-names.js';

/** The command line of a generated trainer. Unset optional flags stay undefined: resume tells them apart. */
export interface TrainerFlags {
  backend: BackendName;
  /** Who runs the training step: tfjs op by op, or the compiled plan on WebGPU (default: compiled with --backend webgpu, else tfjs). */
  executor: 'compiled' | 'tfjs';
  /** The compiled plan (default: `<name>.plan.json` beside the trainer). */
  plan?: string;
  out: string;
  resume: boolean;
  /** Show the backends' own output (Dawn's stderr while `auto` probes WebGPU). */
  verbose: boolean;
  epochs?: number;
  batchSize?: number;
  seed?: number;
  dataDir?: string;
  steps?: number;
  minutes?: number;
  limit?: number;
}

function whole(value: unknown, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const wanted = min > 0 ? 'a positive whole number' : 'a non-negative whole number';
    throw new TrainerError(`--${flag} must be ${wanted}, got ${String(value)}`, 2);
  }
  return value;
}

function positive(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TrainerError(`--${flag} must be a positive number, got ${String(value)}`, 2);
  }
  return value;
}

/** Parses `argv`; returns undefined when `--help` was printed and nothing should run. */
export function parseTrainerFlags(program: TrainerProgram, argv: readonly string[]): TrainerFlags | undefined {
  const { spec } = program;
  const options = {
    epochs: { type: 'number', describe: `epochs to train (spec: ${spec.schedule.epochs})` },
    'batch-size': { type: 'number', describe: `examples per batch (spec: ${spec.data.batchSize})` },
    backend: { choices: BACKEND_NAMES, default: 'auto' as BackendName, describe: 'TensorFlow.js backend; auto takes the fastest that starts' },
    executor: { choices: ['compiled', 'tfjs'] as const, describe: 'training step: compiled (the plan ganc compile wrote, on WebGPU) or tfjs; default compiled with --backend webgpu, else tfjs' },
    plan: { type: 'string', describe: `compiled plan for --executor compiled (default: ${spec.name}.plan.json beside the trainer)` },
    out: { type: 'string', default: `runs/${spec.name}`, describe: 'run folder: samples, plots, metrics, checkpoints' },
    seed: { type: 'number', describe: `random seed (spec: ${spec.schedule.seed})` },
    resume: { type: 'boolean', default: false, describe: "continue from the run folder's latest checkpoint" },
    'data-dir': { type: 'string', describe: 'folder of the data files (overrides the spec)' },
    steps: { type: 'number', describe: 'stop once N G steps have run in all, counting those before --resume (smoke runs)' },
    minutes: { type: 'number', describe: 'stop after N minutes of training (fractions allowed), saving samples and a checkpoint' },
    limit: { type: 'number', describe: 'use only the first N training images' },
    verbose: { type: 'boolean', default: false, describe: "show the backends' own output (Dawn's, while auto looks for a GPU)" },
  } as const satisfies Record<TrainerFlagName, Options>;
  const known = [...TRAINER_FLAG_NAMES, 'help'];
  const parser = yargs([...argv])
    .scriptName(spec.name)
    .usage(`$0 [options]\n\nTrains "${spec.title}" (from ${spec.specPath}).`)
    .options(options)
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((message, error) => {
      throw new TrainerError(error ? error.message : unknownFlagMessage(message, known, argv), 2);
    });
  const args = parser.parseSync();
  if (args.help) return undefined;
  if (args._.length > 0) throw new TrainerError(`unexpected argument ${JSON.stringify(String(args._[0]))}: a trainer takes only --options`, 2);
  return {
    backend: args.backend,
    executor: args.executor ?? (args.backend === 'webgpu' ? 'compiled' : 'tfjs'),
    plan: args.plan,
    out: args.out,
    resume: args.resume,
    verbose: args.verbose,
    epochs: whole(args.epochs, 'epochs', 1),
    batchSize: whole(args['batch-size'], 'batch-size', 1),
    // Non-negative, as in a spec: Philox keys the run's noise by it.
    seed: whole(args.seed, 'seed', 0),
    dataDir: args['data-dir'],
    steps: whole(args.steps, 'steps', 1),
    minutes: positive(args.minutes, 'minutes'),
    limit: whole(args.limit, 'limit', 1),
  };
}
