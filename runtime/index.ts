/**
 * What generated trainers import (as `gan`): the program contract's types, `runTrainer`, and
 * the helpers the emitted code calls by name.
 */
export type * from './program.js';
export { runTrainer } from './train/run-trainer.js';
export { gradientPenalty, clipWeights } from './train/wasserstein.js';
export { spectralNorm, SpectralNorm, type SpectralNormConfig } from './layers/spectral-norm.js';
export { dropout, Dropout } from './layers/dropout.js';
export { elementwiseOptimizer, type UpdateInput, type UpdateOutput } from './optimizers/elementwise.js';
export { modelFolderHandler, loadModelFolder } from './checkpoint/model-files.js';
export { writeSampleGrid, SampleError, type SampleOptions, type SampleResult } from './sample.js';
export { CheckpointError } from './checkpoint/error.js';
