/** A tensor shape without the batch axis, in TensorFlow.js order: [height, width, channels] or [features]. */
export type Shape = readonly number[];

/** Prints a shape with its symbolic batch axis, as users read it: `[batch, 7, 7, 128]`. */
export function formatShape(shape: Shape): string {
  return `[${['batch', ...shape.map(String)].join(', ')}]`;
}

export function elementCount(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}
