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

/** Median wall time of a fresh process running `args`, over `runs` runs. */
function medianProcessMs(args: readonly string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`\`node ${args.join(' ')}\` failed (exit ${run.status}): ${run.stderr}`);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/**
 * The CLI's cold start as an installed ganc runs it (the compiled `dist/cli/main.js`, built first
 * by `npm run build` if absent), beside `node -e 0` (Node's own start on this machine, under the
 * same load) and the repository's `bin/ganc.cjs` (tsx compiling the sources). Target: under 300 ms.
 */
export function coldStart(): void {
  if (!existsSync(join('dist', 'cli', 'main.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { encoding: 'utf8', stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const check = ['check', '--no-summary', 'specs/seed_a_mlp.gan'];
  const node = medianProcessMs(['-e', '0'], 5);
  const compiled = medianProcessMs([join('dist', 'cli', 'main.js'), ...check], 5);
  const source = medianProcessMs(['bin/ganc.cjs', ...check], 3);
  console.log('CLI cold start, `ganc check specs/seed_a_mlp.gan`, whole process, median:');
  console.log(`  node -e 0                      ${node.toFixed(0).padStart(6)} ms`);
  console.log(`  dist/cli/main.js (installed)   ${compiled.toFixed(0).padStart(6)} ms  (${(compiled - node).toFixed(0)} ms above node -e 0)`);
  console.log(`  bin/ganc.cjs (tsx, repository) ${source.toFixed(0).padStart(6)} ms`);
}
