import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkSource } from '../compiler/index.js';
import { emitTrainer } from '../compiler/emit/index.js';

/**
 * Compile time per spec (check + emit, warm, in-process; target < 500 ms) and the CLI's cold
 * start (`ganc check` on one spec, a fresh process each time).
 */
function compileOnce(text: string, path: string): number {
  const start = performance.now();
  const { ir } = checkSource(text, path);
  if (!ir) throw new Error(`${path} does not check clean`);
  emitTrainer(ir);
  return performance.now() - start;
}

export function benchCompile(): void {
  const files = readdirSync('specs').filter((f) => f.endsWith('.gan')).sort();
  const texts = files.map((f) => [join('specs', f), readFileSync(join('specs', f), 'utf8')] as const);
  for (const [path, text] of texts) compileOnce(text, path);
  console.log('compile time per spec (check + emit, median of 5, warm, in-process)');
  for (const [path, text] of texts) {
    const times = Array.from({ length: 5 }, () => compileOnce(text, path)).sort((a, b) => a - b);
    console.log(`  ${path.padEnd(34)} ${times[2].toFixed(1).padStart(8)} ms`);
  }
  coldStart();
}

/** Wall time of one fresh process running `args`. */
function processMs(args: readonly string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`\`node ${args.join(' ')}\` failed (exit ${run.status}): ${run.stderr}`);
  return performance.now() - start;
}

/** Median and fastest of some wall times. */
function spread(times: readonly number[]): { median: number; fastest: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], fastest: sorted[0] };
}

/**
 * The CLI's cold start as an installed ganc runs it (the compiled `dist/cli/main.js`, built first
 * by `npm run build` if absent), beside `node -e 0` (Node's own start on this machine) and the
 * repository's `bin/ganc.cjs` (tsx compiling the sources). Target: under 300 ms. The two are run
 * in turn, 15 times each, so that both see the same load: on a shared machine a figure moves by
 * tens of ms from one minute to the next.
 */
export function coldStart(): void {
  if (!existsSync(join('dist', 'cli', 'main.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { encoding: 'utf8', stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const check = ['check', '--no-summary', 'specs/seed_a_mlp.gan'];
  const nodeTimes: number[] = [];
  const compiledTimes: number[] = [];
  for (let i = 0; i < 15; i++) {
    nodeTimes.push(processMs(['-e', '0']));
    compiledTimes.push(processMs([join('dist', 'cli', 'main.js'), ...check]));
  }
  const node = spread(nodeTimes);
  const compiled = spread(compiledTimes);
  const source = spread(Array.from({ length: 3 }, () => processMs(['bin/ganc.cjs', ...check])));
  const ms = (t: number) => `${t.toFixed(0).padStart(6)} ms`;
  console.log('CLI cold start, `ganc check specs/seed_a_mlp.gan`, whole process (median, fastest):');
  console.log(`  node -e 0                      ${ms(node.median)} ${ms(node.fastest)}`);
  console.log(`  dist/cli/main.js (installed)   ${ms(compiled.median)} ${ms(compiled.fastest)}  (${(compiled.median - node.median).toFixed(0)} ms above node -e 0)`);
  console.log(`  bin/ganc.cjs (tsx, repository) ${ms(source.median)} ${ms(source.fastest)}`);
}
