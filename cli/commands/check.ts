import type { CommandModule } from 'yargs';
import { checkSource, type SweepReport } from '../../compiler/index.js';
import { formatSummary, type NetworkSummary } from '../../compiler/summary.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import type { SourceFile } from '../../diagnostics/span.js';
import { exitCodes } from '../exit-codes.js';
import { loadSpec } from '../sources.js';

interface CheckArgs {
  specs: string[];
  json: boolean;
  summary: boolean;
}

interface FileReport {
  path: string;
  diagnostics: Diagnostic[];
  summaries: NetworkSummary[];
  /** The sweep's trials, each with its values and whether it checks. */
  sweep?: SweepReport;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <specs..>',
  describe: 'check specs: syntax, names, option values, shapes and meaning; print network summaries',
  builder: (y) =>
    y
      .positional('specs', { type: 'string', array: true, demandOption: true, describe: '.gan files' })
      .option('json', { type: 'boolean', default: false, describe: 'print diagnostics and summaries as JSON' })
      .option('summary', { type: 'boolean', default: true, describe: 'print each network as a Keras-style table' }),
  handler: (args) => {
    const reports: FileReport[] = [];
    const sources = new Map<string, SourceFile>();
    const unreadable: { code: string; path: string; message: string }[] = [];
    for (const path of args.specs) {
      const loaded = loadSpec(path);
      if (!loaded.ok) {
        unreadable.push(loaded);
        continue;
      }
      sources.set(path, loaded.source);
      const result = loaded.notText !== undefined ? { diagnostics: [loaded.notText], summaries: [] } : checkSource(loaded.source.text, path);
      const sweep = 'sweep' in result ? result.sweep : undefined;
      reports.push({ path, diagnostics: result.diagnostics, summaries: result.summaries, ...(sweep === undefined ? {} : { sweep }) });
    }
    const all = reports.flatMap((r) => r.diagnostics);
    const errors = all.filter((d) => d.severity === 'error').length;
    if (args.json) {
      const warnings = all.length - errors;
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
    process.exitCode = unreadable.length > 0 ? exitCodes.usage : errors > 0 ? exitCodes.errors : exitCodes.ok;
  },
};
