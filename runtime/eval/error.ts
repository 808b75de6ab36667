/** An evaluation that cannot run as asked (a bad count, a generator the classifier cannot judge): printed without a stack trace. */
export class EvalError extends Error {
  override readonly name = 'EvalError';
}
