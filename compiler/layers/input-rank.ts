import { formatShape, type Shape } from '../shape.js';
import type { ShapeProblem } from './kind.js';

/**
 * The two input ranks of the language: images [h, w, c] and vectors [n]. Kinds that accept
 * only one of them ask here, so every kind words the mismatch the same way.
 */

export function expectImage(kind: string, input: Shape): ShapeProblem | undefined {
  if (input.length === 3) return undefined;
  const example = input.length === 1 ? `, e.g. \`reshape(1, 1, ${input[0]})\`` : '';
  return {
    problem: 'rank',
    message: `${kind} needs an image input, but its input is ${formatShape(input)}`,
    expected: 'a rank-3 input [batch, height, width, channels]',
    help: `add \`reshape(h, w, c)\` before it${example}`,
  };
}

export function expectVector(kind: string, input: Shape): ShapeProblem | undefined {
  if (input.length === 1) return undefined;
  return {
    problem: 'rank',
    message: `${kind} needs a vector input, but its input is ${formatShape(input)}`,
    expected: 'a rank-1 input [batch, features]',
    help: 'add `flatten` before it',
  };
}

/** Channels (images) or features (vectors): the axis normalisations and label joins work on. */
export function lastAxis(input: Shape): number {
  return input[input.length - 1];
}
