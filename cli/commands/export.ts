import type { CommandModule } from 'yargs';
import { CheckpointError } from '../../runtime/checkpoint/error.js';
import { exportGenerator } from '../../runtime/checkpoint/export.js';
import { FileWriteError } from '../../runtime/files.js';
import { exitCodes } from '../exit-codes.js';

interface ExportArgs {
  source: string;
  output: string;
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <source> <output>',
  describe: "write a trained generator, weights in float16, to a new folder that `ganc sample` and `ganc eval` read",
  builder: (y) =>
    y
      .positional('source', { type: 'string', demandOption: true, describe: 'checkpoint folder or run folder' })
      .positional('output', { type: 'string', demandOption: true, describe: 'new folder to write' }),
  handler: (args) => {
    try {
      const result = exportGenerator(args.source, args.output);
      process.stdout.write(
        `wrote ${result.output}: the generator of ${result.checkpoint}, weights ${megabytes(result.bytesBefore)} -> ${megabytes(result.bytesAfter)} (float16)\n`,
      );
    } catch (error) {
      if (error instanceof CheckpointError || error instanceof FileWriteError) {
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = exitCodes.errors;
        return;
      }
      throw error;
    }
  },
};
