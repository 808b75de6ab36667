import * as nodeModule from 'node:module';

/**
 * Node 22.1 and later keep V8's compiled code of each module between runs (in the system's
 * temporary folder); `tsc` turns this on the same way since TypeScript 5.7. It saves about
 * 30 ms of a `ganc check` on Node 22 (whole process, 305 ms median against 333). Node 20 has no
 * such cache: there this does nothing. Imported first by the CLI's entry, so that the modules
 * after it are cached too.
 */
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
