import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError, firstLine, type ConcreteBackendName } from './choice.js';

/**
 * Makes tfjs backend `tfName` (already registered) the current one and waits until it is
 * ready. tf.setBackend reports a failed initialisation by returning false (after a console
 * warning), so both that and a throw become a BackendUnavailableError.
 */
export async function activate(backend: ConcreteBackendName, tfName: string, help: string): Promise<void> {
  if (tf.findBackendFactory(tfName) === null) {
    throw new BackendUnavailableError(backend, `no tfjs backend named '${tfName}' is registered`, help);
  }
  let started: boolean;
  try {
    started = await tf.setBackend(tfName);
    await tf.ready();
  } catch (error) {
    throw new BackendUnavailableError(backend, `failed to start: ${firstLine(error)}`, help);
  }
  if (!started || tf.getBackend() !== tfName) {
    throw new BackendUnavailableError(backend, 'failed to start (tf.setBackend returned false; see the warning above)', help);
  }
}
