import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DataError } from './error.js';
import { centreCrop, fromRgba, type Pixels, resizeShorterSide } from './resize.js';

/**
 * A folder of PNG and JPEG images (searched recursively, as torchvision's ImageFolder finds
 * images in class subfolders), each converted to the spec's channels, resized and centre
 * cropped to the spec's shape, packed into one [count, h, w, c] byte array. Files with other
 * extensions are not images and are passed over; a file named as an image must decode.
 */

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

export interface FolderOptions {
  /** [height, width, channels] every image must end up as. */
  shape: readonly [number, number, number];
  resize?: number;
  crop?: number;
  limit?: number;
}

export interface FolderImages {
  pixels: Uint8Array;
  count: number;
}

function listImages(dir: string): string[] {
  const found: string[] = [];
  const visit = (folder: string) => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(path);
    }
  };
  visit(dir);
  return found;
}

function decodeRgba(path: string): { width: number; height: number; rgba: Uint8Array } {
  const bytes = readFileSync(path);
  const isPng = extname(path).toLowerCase() === '.png';
  try {
    if (isPng) {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, rgba: png.data };
    }
    const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: decoded.width, height: decoded.height, rgba: decoded.data };
  } catch (error) {
    throw new DataError(`cannot decode image ${path} as ${isPng ? 'PNG' : 'JPEG'}: ${(error as Error).message}`);
  }
}

function prepare(path: string, options: FolderOptions): Pixels {
  const [height, width, channels] = options.shape;
  const decoded = decodeRgba(path);
  let image = fromRgba(decoded.rgba, decoded.width, decoded.height, channels as 1 | 3);
  if (options.resize !== undefined) image = resizeShorterSide(image, options.resize);
  if (options.crop !== undefined) {
    if (image.width < options.crop || image.height < options.crop) {
      throw new DataError(
        `image ${path} is ${image.width}x${image.height} (width x height)${options.resize !== undefined ? ` after resizing to ${options.resize}` : ''}, smaller than the crop of ${options.crop}x${options.crop}`,
      );
    }
    image = centreCrop(image, options.crop);
  }
  if (image.width !== width || image.height !== height) {
    throw new DataError(
      `image ${path} is ${image.height}x${image.width} (height x width) after resize and crop, but the data shape is [${height}, ${width}, ${channels}]; set resize and crop so every image ends at ${height}x${width}`,
    );
  }
  return image;
}

export function readImageFolder(dir: string, options: FolderOptions): FolderImages {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DataError(`image folder not found: ${dir}`);
  }
  const channels = options.shape[2];
  if (channels !== 1 && channels !== 3) {
    throw new DataError(`image folders give 1 or 3 channels, the data shape asks for ${channels}`);
  }
  const files = listImages(dir);
  if (files.length === 0) {
    throw new DataError(`image folder ${dir} holds no images (looked for .png, .jpg and .jpeg files, in subfolders too)`);
  }
  const chosen = options.limit === undefined ? files : files.slice(0, options.limit);
  const size = options.shape[0] * options.shape[1] * channels;
  const pixels = new Uint8Array(chosen.length * size);
  chosen.forEach((path, i) => pixels.set(prepare(path, options).data, i * size));
  return { pixels, count: chosen.length };
}
