import type { CommandModule } from 'yargs';
import { checkSource, type Override, type SweepReport } from '../../compiler/index.js';
import { formatSummary, type NetworkSummary } from '../../compiler/summary.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import type { SourceFile } from '../../diagnostics/span.js';
import { exitCodes } from '../exit-codes.js';
import { overridesOf, setFlags, setOption, sourcesOf } from '../set-flag.js';
import { loadSpec } from '../sources.js';
import { WatchError, watchFiles } from '../watch.js';

interface CheckArgs {
  specs: string[];
  json: boolean;
  summary: boolean;
  set: string[];
  watch: boolean;
}

interface FileReport {
  path: string;
  /** The `<--set n>` sources, when `--set` was given: a diagnostic there points into one of them. */
  overrides?: SourceFile[];
  diagnostics: Diagnostic[];
  summaries: NetworkSummary[];
  /** The sweep's trials, each with its values and whether it checks. */
  sweep?: SweepReport;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <specs..>',
  describe: 'check specs: syntax, names, option values, shapes and meaning; print network summaries (--set key=value overrides a setting; --watch checks again on each save)',
  builder: (y) =>
    y
      .positional('specs', { type: 'string', array: true, demandOption: true, describe: '.gan files' })
      .option('json', { type: 'boolean', default: false, describe: 'print diagnostics and summaries as JSON' })
      .option('summary', { type: 'boolean', default: true, describe: 'print each network as a Keras-style table' })
      .option('set', setOption)
      .option('watch', { type: 'boolean', default: false, describe: 'check again on each save of a spec, until Ctrl-C' })
      // Each check's JSON would run into the next: --json is for one check.
      .check((args) => (args.watch && args.json ? '--watch and --json do not go together: --json prints one check' : setFlags(args.set))),
  handler: async (args) => {
    const overrides = overridesOf(args.set);
    if (!args.watch) {
      process.exitCode = checkSpecs(args, overrides).exitCode;
      return;
    }
    const shown = args.specs.join(', ');
    const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
    try {
      await watchFiles(args.specs, (changed) => {
        // A terminal is cleared for each check; a pipe or log gets a separator instead.
        if (changed.length > 0) process.stderr.write(color ? '\x1b[2J\x1b[3J\x1b[H' : `\n--- ${new Date().toTimeString().slice(0, 8)}: ${changed.join(', ')} changed ---\n`);
        const { errors, warnings } = checkSpecs(args, overrides);
        const outcome = errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : warnings > 0 ? `no errors, ${warnings} warning${warnings === 1 ? '' : 's'}` : 'no problems';
        process.stderr.write(`${outcome}; watching ${shown} (Ctrl-C to stop)\n`);
      });
    } catch (error) {
      if (!(error instanceof WatchError)) throw error;
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = error.started ? exitCodes.errors : exitCodes.usage;
      return;
    }
    // Ctrl-C is how watching ends: not a failure.
    process.exitCode = exitCodes.ok;
  },
};

/** Checks the specs once and prints what it finds; gives the exit code and the counts. */
function checkSpecs(args: CheckArgs, overrides: readonly Override[]): { exitCode: number; errors: number; warnings: number } {
  const reports: FileReport[] = [];
  const sources = new Map<string, SourceFile>();
  const unreadable: { code: string; path: string; message: string }[] = [];
  for (const path of args.specs) {
    const loaded = loadSpec(path);
    if (!loaded.ok) {
      unreadable.push(loaded);
      continue;
    }
    const result = loaded.notText !== undefined ? { diagnostics: [loaded.notText], summaries: [] } : checkSource(loaded.source.text, path, overrides);
    const overridden = 'overridden' in result ? result.overridden : undefined;
    for (const [name, source] of sourcesOf(loaded.source, overridden)) sources.set(name, source);
    const sweep = 'sweep' in result ? result.sweep : undefined;
    reports.push({
      path,
      diagnostics: result.diagnostics,
      summaries: result.summaries,
      ...(sweep === undefined ? {} : { sweep }),
      // A diagnostic in `<--set 1>` points into this text, as one in the spec points into the file.
      ...(overridden === undefined ? {} : { overrides: overridden.sources }),
    });
  }
  const all = reports.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.length - errors;
  if (args.json) {
    process.stdout.write(JSON.stringify({ files: reports, unreadable, errors, warnings }, null, 2) + '\n');
  } else {
    for (const u of unreadable) process.stderr.write(`error[${u.code}]: ${u.message}\n`);
    const text = renderDiagnostics(all, sources, { color: process.stderr.isTTY === true && !process.env.NO_COLOR });
    if (text) process.stderr.write(text);
    if (args.summary) {
      for (const report of reports) {
        for (const summary of report.summaries) process.stdout.write(`${report.path}\n${formatSummary(summary)}\n`);
      }
    }
    for (const report of reports) {
      if (report.sweep === undefined) continue;
      const failing = report.sweep.trials.filter((t) => !t.ok).length;
      process.stdout.write(`${report.path}: sweep ${report.sweep.method}, ${report.sweep.trials.length} trials (${failing} failing), ranked by ${report.sweep.metric} (${report.sweep.direction})\n`);
      for (const trial of report.sweep.trials) {
        process.stdout.write(`  ${trial.name}  ${trial.values.map((v) => `${v.target} = ${v.text}`).join(', ')}${trial.ok ? '' : '  (does not check)'}\n`);
      }
    }
  }
  return { exitCode: unreadable.length > 0 ? exitCodes.usage : errors > 0 ? exitCodes.errors : exitCodes.ok, errors: errors + unreadable.length, warnings };
}
