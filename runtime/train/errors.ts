/**
 * A problem the user can fix (a bad flag, a missing checkpoint, a run that diverged). The
 * trainer prints its message without a stack trace and exits with `exitCode`; any other error
 * is a bug and keeps its stack.
 */
export class TrainerError extends Error {
  constructor(
    message: string,
    /** 2 for a bad command line, 1 for everything else, as the ganc CLI counts. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'TrainerError';
  }
}
