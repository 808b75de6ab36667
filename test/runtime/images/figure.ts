import { PNG } from 'pngjs';

/** matplotlib's tab10 blue and orange (D and G, real and fake), and each filled half transparent over white (a histogram's bars). */
export const BLUE = [31, 119, 180];
export const ORANGE = [255, 127, 14];
export const REAL_BARS = [143, 187, 218];
export const FAKE_BARS = [255, 191, 135];

/**
 * A figure's PNG bytes, decoded with pngjs: its size, how many colours it uses (a blank one uses
 * one), and how many pixels lie within `tolerance` of each asked colour in every channel
 * (anti-aliasing blends the edges of lines and text).
 */
export function readFigure(bytes: Uint8Array, colours: number[][] = [], tolerance = 12): { width: number; height: number; colours: number; near: number[] } {
  const png = PNG.sync.read(Buffer.from(bytes));
  const seen = new Set<number>();
  const near = colours.map(() => 0);
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    seen.add((r << 16) | (g << 8) | b);
    colours.forEach(([cr, cg, cb], k) => {
      if (Math.abs(r - cr) <= tolerance && Math.abs(g - cg) <= tolerance && Math.abs(b - cb) <= tolerance) near[k] += 1;
    });
  }
  return { width: png.width, height: png.height, colours: seen.size, near };
}
