import type { ShapeProblem } from './kind.js';

/**
 * Output-size arithmetic of convolutions along one axis, with the arithmetic spelled out so a
 * shape problem can show the user how a size fell to zero.
 */
export interface AxisSize {
  size: number;
  /** e.g. "(2 + 2*0 - 4) / 1 + 1 = -1". */
  arithmetic: string;
}

/** floor(a / b) written the way a reader checks it: plain `/` when exact. */
function divided(numerator: string, value: number, divisor: number): { text: string; value: number } {
  const quotient = Math.floor(value / divisor);
  return value % divisor === 0
    ? { text: `${numerator} / ${divisor}`, value: quotient }
    : { text: `floor(${numerator} / ${divisor})`, value: quotient };
}

/** conv2d: floor((in + 2p - k) / s) + 1 ; same: ceil(in / s) ; valid: floor((in - k) / s) + 1. */
export function convSize(input: number, kernel: number, stride: number, padding: number | 'same' | 'valid'): AxisSize {
  if (padding === 'same') {
    const size = Math.ceil(input / stride);
    return { size, arithmetic: `ceil(${input} / ${stride}) = ${size}` };
  }
  const numerator = padding === 'valid' ? `(${input} - ${kernel})` : `(${input} + 2*${padding} - ${kernel})`;
  const span = padding === 'valid' ? input - kernel : input + 2 * padding - kernel;
  const d = divided(numerator, span, stride);
  const size = d.value + 1;
  return { size, arithmetic: `${d.text} + 1 = ${size}` };
}

/** conv2d_transpose: (in - 1)*s - 2p + k + output_padding ; same: in*s ; valid: (in - 1)*s + max(k, s). */
export function transposeSize(
  input: number,
  kernel: number,
  stride: number,
  padding: number | 'same' | 'valid',
  outputPadding: number,
): AxisSize {
  if (padding === 'same') {
    const size = input * stride;
    return { size, arithmetic: `${input}*${stride} = ${size}` };
  }
  if (padding === 'valid') {
    const size = (input - 1) * stride + Math.max(kernel, stride);
    return { size, arithmetic: `(${input} - 1)*${stride} + max(${kernel}, ${stride}) = ${size}` };
  }
  const size = (input - 1) * stride - 2 * padding + kernel + outputPadding;
  return { size, arithmetic: `(${input} - 1)*${stride} - 2*${padding} + ${kernel} + ${outputPadding} = ${size}` };
}

/**
 * Size of TensorFlow.js's own 'valid' transposed convolution (tfjs-layers `deconvLength`):
 * in*s + max(k - s, 0). The emitter crops or pads from this to the PyTorch size.
 */
export function tfjsValidTransposeSize(input: number, kernel: number, stride: number): number {
  return input * stride + Math.max(kernel - stride, 0);
}

/** A problem naming every axis whose size fell below 1, or undefined when both are usable. */
export function collapsedAxes(
  kind: string,
  axes: { height: AxisSize; width: AxisSize },
  blame: { option: string; help: string },
): ShapeProblem | undefined {
  const fallen = (['height', 'width'] as const).filter((axis) => axes[axis].size < 1);
  if (fallen.length === 0) return undefined;
  return {
    problem: 'size',
    message: `${kind} output ${fallen.map((axis) => `${axis} becomes ${axes[axis].arithmetic}`).join(' and ')}`,
    expected: 'an output height and width of at least 1',
    help: blame.help,
    option: blame.option,
  };
}
