/** The backends a trainer can ask for; `auto` takes the first that starts, in this order. */
export type BackendName = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

export type ConcreteBackendName = Exclude<BackendName, 'auto'>;

export const AUTO_ORDER: readonly ConcreteBackendName[] = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'];

/** Every name `--backend` takes: the one list the trainer, `sample` and `eval` offer. */
export const BACKEND_NAMES: readonly BackendName[] = ['auto', ...AUTO_ORDER];

export interface BackendChoice {
  name: ConcreteBackendName;
  /** For `auto`: each backend tried before `name`, and why it could not start. */
  passedOver: { name: string; reason: string }[];
}

/** A backend that cannot start here: `reason` says why, `help` what to do about it. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: ConcreteBackendName,
    readonly reason: string,
    readonly help: string,
  ) {
    super(`backend '${backend}' is unavailable: ${reason}\nhelp: ${help}`);
    this.name = 'BackendUnavailableError';
  }
}

/** The first line of an error's message, for reasons that must fit on one line. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim();
}
