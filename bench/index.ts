import { benchBackends } from './backends.js';
import { benchCheck } from './check.js';
import { benchCompile } from './compile.js';

/** `npm run bench`: every benchmark of the project, printed as figures. `--quick` skips training steps. */
async function main(): Promise<void> {
  benchCheck();
  benchCompile();
  if (!process.argv.includes('--quick')) await benchBackends(2, 3, ['wasm']); // cpu: `npx tsx bench/backends.ts 0 1 cpu` (minutes per DCGAN step)
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
