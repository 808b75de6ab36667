import { encodePng } from './png.js';

/** Gap between tiles and around the edge, in pixels, as torchvision's make_grid. */
const PADDING = 2;

/**
 * Tiles images into a `rows` x `cols` sheet (row by row, black padding) and encodes it as PNG.
 * `pixels` is [count, h, w, c] row-major with count <= rows * cols (missing tiles stay black);
 * values are mapped from `range` back to [0, 255] and clipped, so a generator's tanh output
 * in [-1, 1] shows as the data did.
 */
export function encodeImageGrid(
  pixels: Float32Array,
  shape: readonly [number, number, number],
  rows: number,
  cols: number,
  range: readonly [number, number],
  zoom = 1,
): Uint8Array {
  if (!Number.isInteger(zoom) || zoom < 1 || zoom > 16) throw new RangeError(`an image grid's zoom must be a whole number from 1 to 16, got ${zoom}`);
  const [height, width, channels] = shape;
  if (channels !== 1 && channels !== 3) {
    throw new RangeError(`an image grid needs 1 or 3 channels, got shape [${shape.join(', ')}]`);
  }
  const imageSize = height * width * channels;
  const count = pixels.length / imageSize;
  if (!Number.isInteger(count) || count > rows * cols) {
    throw new RangeError(
      `an image grid of ${rows}x${cols} tiles of [${shape.join(', ')}] got ${pixels.length} values, which is not a whole number of images up to ${rows * cols}`,
    );
  }
  const [lo, hi] = range;
  if (!(hi > lo)) throw new RangeError(`an image grid's range must rise, got [${lo}, ${hi}]`);

  const sheetWidth = cols * (width + PADDING) + PADDING;
  const sheetHeight = rows * (height + PADDING) + PADDING;
  const sheet = new Uint8Array(sheetWidth * sheetHeight * channels);
  const scale = 255 / (hi - lo);
  for (let n = 0; n < count; n++) {
    const top = PADDING + Math.floor(n / cols) * (height + PADDING);
    const left = PADDING + (n % cols) * (width + PADDING);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < channels; c++) {
          const value = pixels[((n * height + y) * width + x) * channels + c];
          // NaN (a diverged generator) shows as black rather than failing the run's output.
          const byte = Number.isNaN(value) ? 0 : Math.min(255, Math.max(0, Math.round((value - lo) * scale)));
          sheet[((top + y) * sheetWidth + left + x) * channels + c] = byte;
        }
      }
    }
  }
  if (zoom === 1) return encodePng(sheetWidth, sheetHeight, channels, sheet);
  // Nearest neighbour: each pixel becomes a zoom x zoom block, so 28x28 digits can be seen.
  const zoomed = new Uint8Array(sheet.length * zoom * zoom);
  const zoomedWidth = sheetWidth * zoom;
  for (let y = 0; y < sheetHeight * zoom; y++) {
    const from = Math.floor(y / zoom) * sheetWidth;
    for (let x = 0; x < zoomedWidth; x++) {
      for (let c = 0; c < channels; c++) zoomed[(y * zoomedWidth + x) * channels + c] = sheet[(from + Math.floor(x / zoom)) * channels + c];
    }
  }
  return encodePng(zoomedWidth, sheetHeight * zoom, channels, zoomed);
}
