import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import type { TrainerImports } from '../../compiler/emit/runtime-import.js';
import { exitCodes } from '../exit-codes.js';
import { misspeltSet, overridesOf, setFlags, setOption } from '../set-flag.js';
import { compileSpec } from './compile.js';

/**
 * A trainer compiled into a temporary folder has no node_modules above it: it imports this
 * ganc's runtime and the TensorFlow.js this ganc resolves, by absolute path, so it runs on the
 * same modules ganc itself loads wherever npm placed them (hoisted or nested).
 */
export function installedImports(): TrainerImports {
  return {
    tf: require.resolve('@tensorflow/tfjs'),
    // The runtime beside this module: runtime/index.ts under tsx in the repository, dist/runtime/index.js installed.
    runtime: resolve(__dirname, '..', '..', 'runtime', 'index.js'),
  };
}

/** Runs a trainer file under tsx, flags passed through; resolves to its exit status. */
function runTrainerFile(file: string, flags: readonly string[]): Promise<number> {
  // tsx's register hook, not its cli: the cli's signal relay SIGKILLs a child busy in a training
  // step before the trainer can save.
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), file, ...flags], {
    // The IPC channel carries nothing: it closes when ganc dies (even by SIGKILL), which tells the
    // trainer to save and stop rather than run on unseen (runtime/train/parent-watch.ts).
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  // The trainer saves a checkpoint on its first SIGINT/SIGTERM: pass ours on rather than die
  // first and leave it running unseen (it ignores a copy that arrives within a second).
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise<number>((done, fail) => {
    child.on('error', fail);
    // A trainer killed by a signal did not succeed; 128 + n is the shell's convention, 1 when unknown.
    child.on('exit', (code, signal) => done(code ?? (signal ? 128 + constants.signals[signal] : 1)));
  }).finally(() => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  });
}

/** The value of `--name v` or `--name=v` among the trainer's flags (the last one given). */
function flagValue(flags: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  flags.forEach((flag, i) => {
    if (flag === `--${name}`) value = flags[i + 1];
    else if (flag.startsWith(`--${name}=`)) value = flag.slice(name.length + 3);
  });
  return value;
}

/** Whether the trainer will run the compiled executor (`--executor compiled`, or `--backend webgpu` without `--executor`). */
function asksForCompiled(flags: readonly string[]): boolean {
  const executor = flagValue(flags, 'executor');
  return executor === 'compiled' || (executor === undefined && flagValue(flags, 'backend') === 'webgpu');
}

interface TrainArgs {
  spec: string;
  flags: (string | number)[];
  set: string[];
}

export const trainCommand: CommandModule<object, TrainArgs> = {
  command: 'train <spec> [flags..]',
  describe: 'compile a spec into a temporary folder and run its trainer; flags after the spec go to the trainer, but for --set key=value, which overrides a setting of the spec',
  builder: (y) =>
    y
      .positional('spec', { type: 'string', demandOption: true, describe: '.gan file' })
      .positional('flags', { type: 'string', array: true, default: [], describe: 'trainer flags, e.g. --steps 2 --backend cpu' })
      // ganc's own, wherever it stands among the trainer's: it changes the spec compiled.
      .option('set', setOption)
      .check((args) => setFlags(args.set))
      // The trainer's flags belong to the runtime: yargs hands them over unparsed.
      .parserConfiguration({ 'unknown-options-as-args': true }),
  handler: async (args) => {
    const typo = misspeltSet(args.flags.map(String));
    if (typo !== undefined) {
      process.stderr.write(`error: unknown flag \`${typo}\`; did you mean \`--set\`?\nrun \`ganc train --help\` for usage\n`);
      process.exitCode = exitCodes.usage;
      return;
    }
    const folder = mkdtempSync(join(tmpdir(), 'ganc-train-'));
    try {
      const flags = args.flags.map(String);
      // A --batch-size above the spec's needs a plan sized for it.
      const batchSize = Number(flagValue(flags, 'batch-size'));
      const maxBatch = Number.isSafeInteger(batchSize) && batchSize > 0 ? batchSize : undefined;
      const compiled = compileSpec(args.spec, folder, installedImports(), { requirePlan: asksForCompiled(flags), maxBatch, overrides: overridesOf(args.set) });
      if (!compiled.ok) {
        process.exitCode = compiled.exitCode;
        return;
      }
      process.exitCode = await runTrainerFile(compiled.file, flags);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
