import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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
  const cold: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, ['bin/ganc.cjs', 'check', '--no-summary', 'specs/seed_a_mlp.gan'], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`ganc check failed: ${run.stderr}`);
    cold.push(performance.now() - start);
  }
  cold.sort((a, b) => a - b);
  console.log(`CLI cold start, \`ganc check specs/seed_a_mlp.gan\`: median ${cold[1].toFixed(0)} ms of 3 runs`);
}
