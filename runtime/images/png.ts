import { PNG } from 'pngjs';

/** Encodes 8-bit grey (1 channel) or RGB (3 channels) pixels, row-major, as PNG bytes. */
export function encodePng(width: number, height: number, channels: 1 | 3, data: Uint8Array): Uint8Array {
  if (data.length !== width * height * channels) {
    throw new RangeError(`PNG pixel buffer has ${data.length} bytes, ${width}x${height}x${channels} needs ${width * height * channels}`);
  }
  const colorType = channels === 1 ? 0 : 2;
  const png = new PNG({ width, height, colorType, inputColorType: colorType, inputHasAlpha: false });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: false }));
}
