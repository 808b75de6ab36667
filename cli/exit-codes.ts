/** Exit codes of every ganc command: 0 clean (warnings allowed), 1 errors in the input, 2 bad usage. */
export const exitCodes = {
  ok: 0,
  errors: 1,
  usage: 2,
  /** A bug in ganc itself: reported as such, never as the user's fault. */
  internal: 70,
} as const;
