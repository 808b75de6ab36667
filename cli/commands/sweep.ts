import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { checkSource, type Override, type SweepReport } from '../../compiler/index.js';
import { specName } from '../../compiler/check.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import { BACKEND_NAMES } from '../../runtime/backends/choice.js';
import { exitCodes } from '../exit-codes.js';
import { overridesOf, setFlags, setOption, sourcesOf } from '../set-flag.js';
import { loadSpec } from '../sources.js';
import type { SweepMeta } from '../sweep/leaderboard.js';
import { leaderboardMarkdown } from '../sweep/leaderboard.js';
import { runLocalSweep } from '../sweep/local.js';
import { QueueError, runQueuedSweep, sweepStatus } from '../sweep/queue.js';
import { trialKey, type TrialFlags, type TrialJob } from '../sweep/trial.js';

interface SweepArgs {
  spec: string;
  parallel: number;
  out?: string;
  queue?: string;
  wait: boolean;
  steps?: number;
  limit?: number;
  minutes?: number;
  backend: string;
  'data-dir'?: string;
  'eval-n': number;
  'eval-seed': number;
  json: boolean;
  set: string[];
}

const say = (line: string) => process.stderr.write(`${line}\n`);

/** The spec checked, every trial with it; undefined (reported, exit code set) when it does not check or has no sweep. */
function checkedSweep(path: string, overrides: readonly Override[]): { sweep: SweepReport; text: string } | undefined {
  const loaded = loadSpec(path);
  if (!loaded.ok) {
    say(`error[${loaded.code}]: ${loaded.message}`);
    process.exitCode = exitCodes.usage;
    return undefined;
  }
  const result = loaded.notText !== undefined ? { diagnostics: [loaded.notText] } : checkSource(loaded.source.text, path, overrides);
  const rendered = renderDiagnostics(result.diagnostics, sourcesOf(loaded.source, 'overridden' in result ? result.overridden : undefined), { color: process.stderr.isTTY === true && !process.env.NO_COLOR });
  if (rendered) process.stderr.write(rendered);
  if (result.diagnostics.some((d) => d.severity === 'error')) {
    say('error: the sweep does not check; no trial was trained');
    process.exitCode = exitCodes.errors;
    return undefined;
  }
  const sweep = 'sweep' in result ? result.sweep : undefined;
  if (sweep === undefined) {
    say(`error: ${path} has no \`sweep\` statement; add one, e.g. \`sweep grid { optimizer.lr = [1e-4, 2e-4] }\` (docs/sweeps.md)`);
    process.exitCode = exitCodes.errors;
    return undefined;
  }
  // The spec as the trials have it: with --set values in, another sweep than without them.
  return { sweep, text: 'overridden' in result && result.overridden !== undefined ? result.overridden.text : loaded.source.text };
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <spec>',
  describe: "train every trial of a spec's sweep (here, N at a time, or on BullMQ workers with --queue) and rank them (--set key=value overrides a setting of every trial); `ganc sweep status --queue URL` shows a queued sweep's progress",
  builder: (y) =>
    y
      .positional('spec', { type: 'string', demandOption: true, describe: '.gan file with a `sweep` statement, or `status`' })
      .option('parallel', { type: 'number', default: 1, describe: 'trials trained at once on this machine' })
      .option('out', { type: 'string', describe: 'sweep folder: trials, run folders, results, leaderboard (default sweeps/<spec name>)' })
      .option('queue', { type: 'string', describe: 'redis://host:port: enqueue the trials as BullMQ jobs for `ganc worker`' })
      .option('wait', { type: 'boolean', default: true, describe: 'with --queue: follow the jobs and write the leaderboard as they finish' })
      .option('steps', { type: 'number', describe: 'each trial stops after N G steps (smoke sweeps)' })
      .option('limit', { type: 'number', describe: 'each trial uses only the first N training images' })
      .option('minutes', { type: 'number', describe: 'each trial stops after N minutes' })
      .option('backend', { choices: BACKEND_NAMES, default: 'auto', describe: 'TensorFlow.js backend of training and eval' })
      .option('data-dir', { type: 'string', describe: 'folder of the data files' })
      .option('eval-n', { type: 'number', default: 1000, describe: 'images per set in each trial\'s `ganc eval`' })
      .option('eval-seed', { type: 'number', default: 0, describe: 'seed of each trial\'s `ganc eval`' })
      .option('json', { type: 'boolean', default: false, describe: '`sweep status`: print JSON' })
      .option('set', setOption)
      .check((args) => {
        if (!Number.isInteger(args.parallel) || args.parallel < 1) return `--parallel takes a whole number of at least 1, got ${args.parallel}`;
        if (!Number.isInteger(args['eval-n']) || args['eval-n'] < 4) return `--eval-n takes a whole number of at least 4, got ${args['eval-n']}`;
        return setFlags(args.set);
      }),
  handler: async (args) => {
    try {
      if (args.spec === 'status') {
        if (args.queue === undefined) {
          say('error: `ganc sweep status` reads a queue: pass --queue redis://host:port');
          process.exitCode = exitCodes.usage;
          return;
        }
        const sweeps = await sweepStatus(args.queue);
        if (args.json) process.stdout.write(JSON.stringify(sweeps, null, 2) + '\n');
        else if (sweeps.length === 0) process.stdout.write(`no sweeps on ${args.queue}\n`);
        for (const s of args.json ? [] : sweeps) {
          const counts = Object.entries(s.counts).map(([state, n]) => `${n} ${state}`).join(', ');
          process.stdout.write(`sweep ${s.sweepId} of ${s.spec}: ${s.trials.length} trials: ${counts}\n`);
          for (const t of s.trials) {
            const r = t.result;
            process.stdout.write(`  ${t.name}  ${t.state}${r === undefined ? '' : r.status === 'finished' ? `  FID ${r.fid?.toFixed(3)}  steps ${r.steps}` : `  failed: ${r.reason}`}\n`);
          }
        }
        return;
      }
      const checked = checkedSweep(args.spec, overridesOf(args.set));
      if (checked === undefined) return;
      const { sweep, text } = checked;
      const flags: TrialFlags = {
        ...(args.steps === undefined ? {} : { steps: args.steps }),
        ...(args.limit === undefined ? {} : { limit: args.limit }),
        ...(args.minutes === undefined ? {} : { minutes: args.minutes }),
        backend: args.backend,
        ...(args['data-dir'] === undefined ? {} : { dataDir: resolve(args['data-dir']) }),
        evalN: args['eval-n'],
        evalSeed: args['eval-seed'],
      };
      const jobs: TrialJob[] = sweep.trials.map((t) => ({ index: t.index, name: t.name, values: t.values, text: t.text, key: trialKey(t.text, flags), flags }));
      const out = resolve(args.out ?? `sweeps/${specName(args.spec)}`);
      const meta: SweepMeta = { spec: args.spec, metric: sweep.metric, direction: sweep.direction, targets: sweep.axes.map((a) => a.target), total: jobs.length };
      say(`sweep ${sweep.method}: ${jobs.length} trials of ${args.spec}, ranked by ${sweep.metric} (${sweep.direction}); folder ${out}`);
      const results = args.queue === undefined
        ? await runLocalSweep(jobs, out, args.parallel, meta, say)
        : await runQueuedSweep(
            args.queue,
            { sweepId: createHash('sha256').update(text).update(JSON.stringify(flags)).update(out).digest('hex').slice(0, 12), spec: args.spec, out, meta },
            jobs,
            { wait: args.wait },
            say,
          );
      if (args.queue !== undefined && !args.wait) return;
      process.stdout.write(leaderboardMarkdown(results, meta, out));
      const finished = results.filter((r) => r.status === 'finished').length;
      say(`${finished} of ${results.length} trials finished; leaderboard: ${out}/leaderboard.md, .csv, .json`);
      process.exitCode = finished > 0 ? exitCodes.ok : exitCodes.errors;
    } catch (error) {
      if (error instanceof QueueError) {
        say(`error: ${error.message}`);
        process.exitCode = exitCodes.errors;
        return;
      }
      throw error;
    }
  },
};
