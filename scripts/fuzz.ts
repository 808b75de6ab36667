import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { mutant } from '../test/fuzz/mutants.js';
import { judge } from '../test/fuzz/oracle.js';

/**
 * `npm run fuzz -- --count 200000 [--seed N]`: the fuzz test's in-process property run for
 * longer. Every input is judged (a failure does not stop the run); at the end it prints inputs
 * per second and the number of crashes, and each crash's seed and path (replay it with
 * `--seed N --path P`, or in the test with FUZZ_SEED / FUZZ_PATH) and the file it was saved to.
 * Exits 1 when any input crashed.
 */

interface Options {
  count: number;
  seed: number;
  path?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  const count = Number(value('--count') ?? 20_000);
  const seed = Number(value('--seed') ?? Math.floor(Math.random() * 2 ** 31));
  if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(seed)) {
    process.stderr.write('usage: npm run fuzz -- [--count N] [--seed N] [--path P]\n');
    process.exit(2);
  }
  return { count, seed, path: value('--path') };
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const crashFolder = join(tmpdir(), 'ganc-fuzz');
  const crashes: { run: number; message: string; file: string }[] = [];
  let run = 0;
  let clean = 0;
  let emitted = 0;
  const started = performance.now();
  process.stdout.write(`fuzzing ${options.count} mutants of specs/, seed ${options.seed}\n`);

  fc.check(
    fc.property(mutant, (input) => {
      const index = run++;
      try {
        const verdict = judge(input.text, input.path);
        if (verdict.clean) clean += 1;
        if (verdict.emitted) emitted += 1;
      } catch (error) {
        mkdirSync(crashFolder, { recursive: true });
        const file = join(crashFolder, `seed${options.seed}-run${index}.gan`);
        writeFileSync(file, input.text);
        crashes.push({ run: index, message: (error as Error).message.split('\n')[0], file });
      }
      if (run % 10_000 === 0) process.stdout.write(`  ${run} inputs, ${rate(run, started)} inputs/s, ${crashes.length} crashes\n`);
      return true;
    }),
    { numRuns: options.count, seed: options.seed, path: options.path },
  );

  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${run} inputs in ${seconds.toFixed(1)} s: ${rate(run, started)} inputs/s; ${clean} checked clean, ${emitted} distinct trainers emitted and parsed; ${crashes.length} crashes\n`,
  );
  for (const crash of crashes.slice(0, 20)) {
    process.stdout.write(`crash: --seed ${options.seed} --path ${crash.run}: ${crash.message}\n  input saved to ${crash.file}\n`);
  }
  if (crashes.length > 0) process.exitCode = 1;
}

function rate(count: number, started: number): string {
  return (count / ((performance.now() - started) / 1000)).toFixed(0);
}

main();
