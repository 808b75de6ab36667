/**
 * A problem with the user's data (a missing file, a file of the wrong kind, an image that does
 * not fit the spec), as opposed to a bug: the CLI prints its message without a stack trace.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
}
