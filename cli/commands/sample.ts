import type { CommandModule } from 'yargs';
import { BACKEND_NAMES, BackendUnavailableError, describeChoice, selectBackend, type BackendName } from '../../runtime/backends/index.js';
import { CheckpointError } from '../../runtime/checkpoint/error.js';
import { FileWriteError } from '../../runtime/files.js';
import { planSample, SampleError, writeSampleGrid, type SamplePlan } from '../../runtime/sample.js';
import { exitCodes } from '../exit-codes.js';
import { sampleCountFlag, seedFlag } from '../flag-checks.js';

interface SampleArgs {
  source: string;
  n: number;
  output: string;
  label?: number;
  seed: number;
  backend: BackendName;
  verbose: boolean;
}

export const sampleCommand: CommandModule<object, SampleArgs> = {
  command: 'sample <source>',
  describe: "draw images from a trained generator: a checkpoint folder, or a run folder (its latest checkpoint)",
  builder: (y) =>
    y
      .positional('source', { type: 'string', demandOption: true, describe: 'checkpoint folder or run folder' })
      .option('n', { type: 'number', default: 64, describe: 'number of images' })
      .option('output', { alias: 'o', type: 'string', default: 'grid.png', describe: 'PNG file to write' })
      .option('label', { type: 'number', describe: 'class of every image (conditional generators); default: classes in turn' })
      .option('seed', { type: 'number', default: 0, describe: 'seed of the latent vectors' })
      .option('backend', {
        choices: BACKEND_NAMES,
        default: 'auto' as BackendName,
        describe: 'TensorFlow.js backend',
      })
      .option('verbose', { type: 'boolean', default: false, describe: "show the backends' own output (Dawn's, while auto looks for a GPU)" })
      .check((args) => {
        const problem = [seedFlag(args.seed), sampleCountFlag(args.n)].find((check) => check !== true);
        return problem ?? true;
      }),
  handler: async (args) => {
    const options = { count: args.n, output: args.output, label: args.label, seed: args.seed };
    let plan: SamplePlan;
    try {
      // The request against the checkpoint first: a label it cannot take is a usage error, before any backend starts.
      plan = planSample(args.source, options);
    } catch (error) {
      if (error instanceof SampleError || error instanceof CheckpointError) {
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = error instanceof SampleError ? exitCodes.usage : exitCodes.errors;
        return;
      }
      throw error;
    }
    try {
      const choice = await selectBackend(args.backend, { verbose: args.verbose });
      for (const line of describeChoice(choice)) process.stderr.write(`${line}\n`);
      const result = await writeSampleGrid(args.source, options, plan);
      process.stdout.write(`wrote ${result.output}: ${args.n} images in a ${result.rows}x${result.cols} grid from ${result.checkpoint}\n`);
    } catch (error) {
      if (error instanceof BackendUnavailableError || error instanceof CheckpointError || error instanceof SampleError || error instanceof FileWriteError) {
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = exitCodes.errors;
        return;
      }
      throw error;
    }
  },
};
