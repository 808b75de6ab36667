import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkSource } from '../compiler/index.js';

/**
 * Check time per spec (in-process, warm), and for generated specs of 500 to 2,000 layers to
 * show that checking grows linearly with the layer count. Targets: a typical spec < 50 ms,
 * the 2,000-layer spec < 1 s.
 */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeCheck(text: string, path: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = checkSource(text, path);
    times.push(performance.now() - start);
    if (result.diagnostics.some((d) => d.severity === 'error')) {
      throw new Error(`${path} does not check clean: ${result.diagnostics[0].message}`);
    }
  }
  return median(times);
}

/** A deep MLP: G and D each get `layers / 2` layers (dense + activation pairs). */
export function deepSpec(layers: number): string {
  const pairs = Math.max(1, Math.floor(layers / 4));
  const g = Array.from({ length: pairs }, () => '  dense(64)\n  relu\n').join('');
  const d = Array.from({ length: pairs }, () => '  dense(64)\n  leaky_relu(0.2)\n').join('');
  return `data mnist(batch = 64)
latent normal(size = 64)
generator G {
${g}  dense(784)
  tanh
  reshape(28, 28, 1)
}
discriminator D {
  flatten
${d}  dense(1)
  sigmoid
}
loss bce
optimizer G adam(lr = 2e-4, betas = [0.5, 0.999])
optimizer D adam(lr = 2e-4, betas = [0.5, 0.999])
train(epochs = 1)
`;
}

export function benchCheck(): void {
  const dir = 'specs';
  // Warm the parser, ajv's compiled schemas and the JIT once, as a long-lived process would be.
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.gan'))) checkSource(readFileSync(join(dir, file), 'utf8'), file);
  console.log('check time per spec (median of 20, warm, in-process)');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.gan')).sort()) {
    const path = join(dir, file);
    console.log(`  ${file.padEnd(28)} ${timeCheck(readFileSync(path, 'utf8'), path, 20).toFixed(2).padStart(8)} ms`);
  }
  console.log('generated deep specs (median of 5)');
  const sizes = [500, 1000, 2000];
  const times = sizes.map((n) => {
    const text = deepSpec(n);
    timeCheck(text, `deep-${n}.gan`, 1);
    const ms = timeCheck(text, `deep-${n}.gan`, 5);
    console.log(`  ${String(n).padStart(5)} layers ${ms.toFixed(1).padStart(8)} ms  (${(ms / n * 1000).toFixed(1)} us/layer)`);
    return ms;
  });
  console.log(`  ratio 2000/1000 layers: ${(times[2] / times[1]).toFixed(2)} (linear = 2.00); 1000/500: ${(times[1] / times[0]).toFixed(2)}`);
}
