import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { checkCommand } from './commands/check.js';
import { compileCommand } from './commands/compile.js';
import { trainCommand } from './commands/train.js';
import { sampleCommand } from './commands/sample.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { exitCodes } from './exit-codes.js';

/** `ganc`: one yargs root; each command lives in its own module under cli/commands/. */
export async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('ganc')
    .usage('$0 <command> [options]')
    .command(checkCommand)
    .command(compileCommand)
    .command(trainCommand)
    .command(sampleCommand)
    .command(evalCommand)
    .command(exportCommand)
    .demandCommand(1, 'name a command: check')
    .strict()
    .help()
    .version(false)
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`error: ${message}\nrun \`ganc --help\` for usage\n`);
      process.exit(exitCodes.usage);
    })
    .parseAsync();
}

if (require.main === module) {
  main(hideBin(process.argv)).catch((error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = exitCodes.internal;
  });
}
