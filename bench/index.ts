import { benchCheck } from './check.js';

/** `npm run bench`: every benchmark of the project, printed as figures. */
async function main(): Promise<void> {
  benchCheck();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
