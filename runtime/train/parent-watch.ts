/**
 * Whether anyone still waits for this trainer. `ganc train` starts its trainer with an IPC
 * channel it never sends on: the channel closes when ganc ends, however it ends (SIGKILL
 * included). A trainer started any other way has no channel. Either way, a write to stdout or
 * stderr that fails with EPIPE means the output's reader is gone (a closed terminal's pipe,
 * `| head`); without this it would kill the trainer before it saves (tfjs-backend-wasm rethrows
 * uncaught errors: exit 7).
 */

export interface Abandonment {
  /** Why the run stops, as "stopped after N steps (...)" says it. */
  reason: string;
  /** The line the trainer prints as it starts to stop. */
  line: string;
}

const parentPid = process.ppid;
let abandoned: Abandonment | undefined;
const waiting = new Set<(abandonment: Abandonment) => void>();

function abandon(abandonment: Abandonment): void {
  if (abandoned) return;
  abandoned = abandonment;
  for (const callback of waiting) callback(abandonment);
}

if (process.channel) {
  // The channel alone must not keep a finished trainer alive.
  process.channel.unref();
  process.once('disconnect', () =>
    abandon({
      reason: `parent process ${parentPid} ended`,
      line: `the process that started this trainer (pid ${parentPid}) ended: saving after this step, then stopping`,
    }),
  );
}

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    abandon({ reason: 'its output has no reader', line: "the trainer's output has no reader any more (EPIPE): saving after this step, then stopping" });
  });
}

/** Calls `callback` once nobody waits for this trainer any more (at once if that has happened); returns the unsubscribe. */
export function onAbandoned(callback: (abandonment: Abandonment) => void): () => void {
  if (abandoned) callback(abandoned);
  else waiting.add(callback);
  return () => waiting.delete(callback);
}
