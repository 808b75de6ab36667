import type { GraphBuilder, Tensor } from '../builder.js';
import type { KernelTransform } from './dense.js';

/**
 * Convolutions with the padding conventions of both worlds: tfjs/Keras 'same' and 'valid',
 * and PyTorch's explicit padding (for a transposed convolution: the full transposed
 * convolution cropped by p on each side, plus output_padding rows at the end), all expressed
 * natively as the IR's explicit per-side padding.
 */

export type Padding = 'same' | 'valid' | number | readonly [number, number];

export interface ConvOptions {
  filters: number;
  kernel: number | readonly [number, number];
  strides?: number | readonly [number, number];
  padding?: Padding;
  bias?: boolean;
  /** Applied to the kernel after kernel and bias are declared (spectral norm). */
  transformKernel?: KernelTransform;
}

export interface ConvTransposeOptions extends ConvOptions {
  /** PyTorch output_padding (numeric padding only). */
  outputPadding?: number | readonly [number, number];
}

const pair = (v: number | readonly [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/** [before, after] padding of one axis of a conv2d (or a pooling window) over `size`. */
export function convPads(size: number, kernel: number, stride: number, padding: 'same' | 'valid' | number): [number, number] {
  if (padding === 'valid') return [0, 0];
  if (padding === 'same') {
    // TensorFlow: the output is ceil(size / stride); the odd row of padding goes at the end.
    const total = Math.max((Math.ceil(size / stride) - 1) * stride + kernel - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  return [padding, padding];
}

function axisPadding(padding: Padding | undefined, axis: 0 | 1): 'same' | 'valid' | number {
  const p = padding ?? 'valid';
  return typeof p === 'string' || typeof p === 'number' ? p : p[axis];
}

/** tf.layers.conv2d (kernel [kh, kw, in, filters]) or PyTorch Conv2d with explicit padding. */
export function conv2d(b: GraphBuilder, x: Tensor, options: ConvOptions): Tensor {
  const [kh, kw] = pair(options.kernel);
  const [sh, sw] = pair(options.strides ?? 1);
  const [, h, w, c] = x.shape as [unknown, number, number, number];
  const [pt, pb] = convPads(h, kh, sh, axisPadding(options.padding, 0));
  const [pl, pr] = convPads(w, kw, sw, axisPadding(options.padding, 1));
  const declared = b.param('kernel', [kh, kw, c, options.filters]);
  const bias = options.bias === false ? undefined : b.param('bias', [options.filters]);
  const kernel = options.transformKernel ? options.transformKernel(declared, { outputs: options.filters, transposed: false }) : declared;
  const y = b.conv2d(x, kernel, { strides: [sh, sw], pads: [pt, pb, pl, pr] });
  return bias === undefined ? y : b.add(y, bias);
}

/** Output length and the equivalent forward convolution's [before, after] padding of one axis. */
function transposeAxis(size: number, kernel: number, stride: number, padding: 'same' | 'valid' | number, outputPadding: number): { out: number; pads: [number, number] } {
  if (padding === 'same') {
    const out = size * stride;
    return { out, pads: convPads(out, kernel, stride, 'same') };
  }
  if (padding === 'valid') {
    // tfjs-layers deconvLength: size * stride + max(kernel - stride, 0).
    return { out: size * stride + Math.max(kernel - stride, 0), pads: [0, 0] };
  }
  // PyTorch: (size - 1) * stride - 2p + kernel + output_padding; the forward conv of that many
  // rows with padding p on both sides gives back `size` rows (output_padding < stride).
  return { out: (size - 1) * stride - 2 * padding + kernel + outputPadding, pads: [padding, padding] };
}

/** tf.layers.conv2dTranspose (kernel [kh, kw, filters, in]) or PyTorch ConvTranspose2d. */
export function conv2dTranspose(b: GraphBuilder, x: Tensor, options: ConvTransposeOptions): Tensor {
  const [kh, kw] = pair(options.kernel);
  const [sh, sw] = pair(options.strides ?? 1);
  const [oph, opw] = pair(options.outputPadding ?? 0);
  const [n, h, w, c] = x.shape as [Tensor['shape'][0], number, number, number];
  const rows = transposeAxis(h, kh, sh, axisPadding(options.padding, 0), oph);
  const cols = transposeAxis(w, kw, sw, axisPadding(options.padding, 1), opw);
  // tfjs lays the kernel out as the forward convolution's filter: [kh, kw, out, in].
  const declared = b.param('kernel', [kh, kw, options.filters, c]);
  const bias = options.bias === false ? undefined : b.param('bias', [options.filters]);
  const kernel = options.transformKernel ? options.transformKernel(declared, { outputs: options.filters, transposed: true }) : declared;
  const y = b.conv2dBackpropInput(x, kernel, [n, rows.out, cols.out, options.filters], {
    strides: [sh, sw],
    pads: [rows.pads[0], rows.pads[1], cols.pads[0], cols.pads[1]],
  });
  return bias === undefined ? y : b.add(y, bias);
}
