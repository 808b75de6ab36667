/**
 * A checkpoint that cannot be used as asked (missing, another format, another spec's
 * networks): the user's problem to fix, printed without a stack trace.
 */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}
