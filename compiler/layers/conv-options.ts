/**
 * Options shared by conv2d and conv2d_transpose: their JSON Schema fragments and the
 * normalisation of "an int or [height, width]" values, written once for both kinds.
 */

/** An integer for both axes, or `[height, width]`. */
export type IntOrPair = number | readonly number[];

/** PyTorch-style explicit zero padding (int or pair), or Keras-style `same` / `valid`. */
export type Padding = IntOrPair | 'same' | 'valid';

export function intOrPairSchema(minimum: number, defaultValue: number): object {
  return {
    default: defaultValue,
    anyOf: [
      { type: 'integer', minimum },
      { type: 'array', items: { type: 'integer', minimum }, minItems: 2, maxItems: 2 },
    ],
  };
}

export function paddingSchema(): object {
  return {
    default: 0,
    anyOf: [
      { type: 'integer', minimum: 0 },
      { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2, maxItems: 2 },
      { type: 'string', enum: ['same', 'valid'] },
    ],
  };
}

/** `[height, width]` of an int-or-pair option. */
export function pair(value: IntOrPair): [number, number] {
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}

/** A kernel or stride as TensorFlow.js takes it: one number when both axes agree. */
export function compact([h, w]: [number, number]): number | [number, number] {
  return h === w ? h : [h, w];
}

/** Explicit padding as `[height, width]`, or the Keras mode name. */
export function paddingPair(padding: Padding): [number, number] | 'same' | 'valid' {
  return padding === 'same' || padding === 'valid' ? padding : pair(padding);
}
