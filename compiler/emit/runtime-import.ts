/**
 * The module specifiers a trainer imports. A trainer written by `ganc compile` imports the
 * runtime by the package's name, so it runs wherever `ganc` is installed (or, inside this
 * repository, where the package refers to itself: `tsconfig.json` maps the name to the sources)
 * and moves with its folder.
 */
export const packageImports: TrainerImports = { tf: '@tensorflow/tfjs', runtime: 'ganc/runtime' };

/** What a trainer's two import declarations name. */
export interface TrainerImports {
  /** TensorFlow.js, e.g. `@tensorflow/tfjs`. */
  tf: string;
  /** ganc's runtime, e.g. `ganc/runtime`. */
  runtime: string;
}
