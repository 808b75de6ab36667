/**
 * The flags of a generated trainer, by name: what `ganc train` hands over to it. A module of its
 * own so that ganc can tell its own flags' typos from the trainer's without loading TensorFlow.js.
 */
export const TRAINER_FLAG_NAMES = ['epochs', 'batch-size', 'backend', 'executor', 'plan', 'out', 'seed', 'resume', 'data-dir', 'steps', 'minutes', 'limit', 'verbose'] as const;

export type TrainerFlagName = (typeof TRAINER_FLAG_NAMES)[number];
