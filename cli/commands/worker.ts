import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { exitCodes } from '../exit-codes.js';
import { QueueError, runWorker } from '../sweep/queue.js';

interface WorkerArgs {
  queue: string;
  work: string;
  'lock-duration': number;
  'stalled-interval': number;
  jobs?: number;
}

export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: 'worker',
  describe: 'take sweep trials off a BullMQ queue, train and evaluate each, report the figures; a killed worker\'s trial is picked up again',
  builder: (y) =>
    y
      .option('queue', { type: 'string', demandOption: true, describe: 'redis://host:port' })
      .option('work', { type: 'string', default: 'sweeps/worker', describe: "folder for trials whose sweep folder is not on this machine" })
      .option('lock-duration', { type: 'number', default: 30000, describe: 'ms a job stays locked without renewal before it counts as stalled' })
      .option('stalled-interval', { type: 'number', default: 30000, describe: 'ms between checks for stalled jobs (those of killed workers)' })
      .option('jobs', { type: 'number', describe: 'stop after N jobs' }),
  handler: async (args) => {
    try {
      await runWorker(
        args.queue,
        { work: resolve(args.work), lockDuration: args['lock-duration'], stalledInterval: args['stalled-interval'], ...(args.jobs === undefined ? {} : { jobs: args.jobs }) },
        (line) => process.stderr.write(`${line}\n`),
      );
    } catch (error) {
      if (error instanceof QueueError) {
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = exitCodes.errors;
        return;
      }
      throw error;
    }
  },
};
