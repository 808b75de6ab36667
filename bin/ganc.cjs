#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's require hook, so a fresh clone needs no build step.
require('tsx/cjs');
const { hideBin } = require('yargs/helpers');
require('../cli/main.ts').main(hideBin(process.argv)).catch((error) => {
  process.stderr.write(`internal error: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 70;
});
