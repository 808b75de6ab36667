import { benchBackends } from './backends.js';
import { benchCheck } from './check.js';
import { benchCompile } from './compile.js';
import { benchCompiled } from './compiled.js';

/** `npm run bench`: every benchmark of the project, printed as figures. `--quick` skips training steps. */
async function main(): Promise<void> {
  benchCheck();
  benchCompile();
  // Dispatches per iteration, compiled vs tfjs, for the three seeds (every spec: npx tsx bench/compiled.ts);
  // ms per iteration too unless --quick (SwiftShader without a GPU: slow, but the backend at hand).
  const quick = process.argv.includes('--quick');
  await benchCompiled({ specs: ['seed_a_mlp', 'seed_b5_dcgan', 'seed_d_keras_dcgan'], time: !quick, iterations: 2, backend: 'wasm', ...(quick ? {} : { batch: 8 }) });
  if (!process.argv.includes('--quick')) await benchBackends(2, 3, ['wasm']); // cpu: `npx tsx bench/backends.ts 0 1 cpu` (minutes per DCGAN step)
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
