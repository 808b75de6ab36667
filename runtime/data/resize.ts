/**
 * Image geometry for folder data sets, on interleaved 8-bit pixels. Resizing uses a
 * separable triangle (bilinear) filter whose support widens with the scale factor when
 * shrinking, as Pillow's antialiased BILINEAR does, so downscaling averages every source pixel
 * instead of skipping rows (torchvision's Resize on PIL images behaves the same way).
 */

export interface Pixels {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

interface Taps {
  /** First source index per output index. */
  start: Int32Array;
  /** Weights per output index, `count[i]` of them from `offset[i]`. */
  count: Int32Array;
  offset: Int32Array;
  weights: Float64Array;
}

function filterTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const offset = new Int32Array(outSize);
  const weights: number[] = [];
  for (let out = 0; out < outSize; out++) {
    const centre = (out + 0.5) * scale;
    const first = Math.max(Math.floor(centre - support + 0.5), 0);
    const last = Math.min(Math.floor(centre + support + 0.5), inSize);
    const row: number[] = [];
    let sum = 0;
    for (let source = first; source < last; source++) {
      const distance = Math.abs((source - centre + 0.5) / filterScale);
      const weight = distance < 1 ? 1 - distance : 0;
      row.push(weight);
      sum += weight;
    }
    start[out] = first;
    count[out] = row.length;
    offset[out] = weights.length;
    for (const weight of row) weights.push(sum > 0 ? weight / sum : 0);
  }
  return { start, count, offset, weights: Float64Array.from(weights) };
}

/** Resamples one axis: `along` 'x' filters within rows, 'y' within columns. */
function resampleAxis(
  src: Float64Array | Uint8Array,
  width: number,
  height: number,
  channels: number,
  along: 'x' | 'y',
  outSize: number,
): Float64Array {
  const inSize = along === 'x' ? width : height;
  const taps = filterTaps(inSize, outSize);
  const outWidth = along === 'x' ? outSize : width;
  const outHeight = along === 'x' ? height : outSize;
  const out = new Float64Array(outWidth * outHeight * channels);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const i = along === 'x' ? x : y;
      const base = (y * outWidth + x) * channels;
      for (let k = 0; k < taps.count[i]; k++) {
        const source = taps.start[i] + k;
        const weight = taps.weights[taps.offset[i] + k];
        const sx = along === 'x' ? source : x;
        const sy = along === 'x' ? y : source;
        const sourceBase = (sy * width + sx) * channels;
        for (let c = 0; c < channels; c++) out[base + c] += weight * src[sourceBase + c];
      }
    }
  }
  return out;
}

export function resize(image: Pixels, width: number, height: number): Pixels {
  if (width === image.width && height === image.height) return image;
  const horizontal = resampleAxis(image.data, image.width, image.height, image.channels, 'x', width);
  const both = resampleAxis(horizontal, width, image.height, image.channels, 'y', height);
  const data = new Uint8Array(both.length);
  for (let i = 0; i < both.length; i++) data[i] = Math.min(255, Math.max(0, Math.round(both[i])));
  return { width, height, channels: image.channels, data };
}

/** Scales so the shorter side becomes `size`, keeping the aspect ratio (torchvision's rule). */
export function resizeShorterSide(image: Pixels, size: number): Pixels {
  const { width, height } = image;
  if (width <= height) return resize(image, size, Math.floor((size * height) / width));
  return resize(image, Math.floor((size * width) / height), size);
}

/** Cuts the central `size` x `size` square; the caller checks the image is large enough. */
export function centreCrop(image: Pixels, size: number): Pixels {
  const top = Math.round((image.height - size) / 2);
  const left = Math.round((image.width - size) / 2);
  const data = new Uint8Array(size * size * image.channels);
  const rowLength = size * image.channels;
  for (let y = 0; y < size; y++) {
    const from = ((top + y) * image.width + left) * image.channels;
    data.set(image.data.subarray(from, from + rowLength), y * rowLength);
  }
  return { width: size, height: size, channels: image.channels, data };
}

/** RGBA to 1 (luma, ITU-R 601 weights as Pillow's convert('L')) or 3 channels; alpha is dropped. */
export function fromRgba(rgba: Uint8Array, width: number, height: number, channels: 1 | 3): Pixels {
  const count = width * height;
  const data = new Uint8Array(count * channels);
  for (let p = 0; p < count; p++) {
    const r = rgba[4 * p];
    const g = rgba[4 * p + 1];
    const b = rgba[4 * p + 2];
    if (channels === 1) {
      data[p] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16;
    } else {
      data[3 * p] = r;
      data[3 * p + 1] = g;
      data[3 * p + 2] = b;
    }
  }
  return { width, height, channels, data };
}
