/**
 * The import rules of ARCHITECTURE.md, checked by `npm test` (test/architecture.test.ts):
 * data flows one way through the pipeline, the runtime stands on floors, and nothing circles.
 */
const runtimeFloors = [
  // 0: the contract and plain helpers every floor may use.
  '^runtime/((program|random|files|figures|latent|suggest)\\.ts$|random/)',
  // 1: backends, data, images, layers.
  '^runtime/(backends|compiled|data|images|layers|optimizers)/',
  // 2: checkpoints.
  '^runtime/checkpoint/',
  // 3: what reads checkpoints or watches runs: monitors, sampling, evaluation.
  '^runtime/(monitor/|eval/|sample\\.ts$)',
  // 4: the training loop; then the runtime's entry point.
  '^runtime/train/',
  '^runtime/index\\.ts$',
];

/** Floor i may not import from floors above it. */
const noUpwardImports = runtimeFloors.slice(0, -1).map((floor, i) => ({
  name: `runtime-floor-${i}-not-up`,
  comment: `runtime floor ${i} (${floor}) imports from a floor above it`,
  severity: 'error',
  from: { path: floor },
  to: { path: runtimeFloors.slice(i + 1) },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'an import circle', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'runtime-not-to-compiler',
      comment: 'the runtime never imports the compiler, the grammar, the diagnostics or the CLI',
      severity: 'error',
      from: { path: '^runtime/' },
      to: { path: '^(compiler|grammar|diagnostics|cli)/' },
    },
    {
      name: 'compiler-to-runtime-types-only',
      comment: 'the compiler may import only types from the runtime, the floor below it, and the spelling distance both suggest with',
      severity: 'error',
      from: { path: '^compiler/' },
      to: { path: '^runtime/', pathNot: '^runtime/suggest\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'grammar-first',
      comment: 'the grammar is the first pass: it imports only diagnostics',
      severity: 'error',
      from: { path: '^grammar/' },
      to: { path: '^(compiler|runtime|cli)/' },
    },
    {
      name: 'checker-not-to-emitter',
      comment: 'the checker and the registries never import the emitter',
      severity: 'error',
      from: { path: '^compiler/', pathNot: '^compiler/emit/' },
      to: { path: '^compiler/emit/' },
    },
    {
      name: 'generated-imports-tfjs-and-runtime',
      comment: 'a generated trainer imports only TensorFlow.js and the runtime',
      severity: 'error',
      from: { path: '^generated/' },
      to: { pathNot: '^(runtime/|node_modules/@tensorflow/)' },
    },
    ...noUpwardImports,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(test|bench)/' },
  },
};
