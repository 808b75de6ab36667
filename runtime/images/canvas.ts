import { glyph, GLYPH_ADVANCE } from './font.js';
import { encodePng } from './png.js';

/** An RGB colour, each part 0-255. */
export type Colour = readonly [number, number, number];

/**
 * A small RGB raster with the few drawing operations a line chart needs: rectangles,
 * anti-aliased thick line segments, and bitmap text (upright or turned a quarter left).
 */
export class Canvas {
  private readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Colour,
  ) {
    this.data = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /** Mixes `colour` into pixel (x, y) with opacity `alpha` in [0, 1]; off-canvas is ignored. */
  blend(x: number, y: number, colour: Colour, alpha: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) return;
    const at = (y * this.width + x) * 3;
    const a = Math.min(alpha, 1);
    for (let c = 0; c < 3; c++) this.data[at + c] = Math.round(this.data[at + c] * (1 - a) + colour[c] * a);
  }

  /** Fills whole pixels; fractional corners are rounded to the nearest pixel. */
  fillRect(x: number, y: number, width: number, height: number, colour: Colour): void {
    const x0 = Math.round(x);
    const y0 = Math.round(y);
    const x1 = Math.round(x + width);
    const y1 = Math.round(y + height);
    for (let row = Math.max(0, y0); row < Math.min(this.height, y1); row++) {
      for (let col = Math.max(0, x0); col < Math.min(this.width, x1); col++) this.blend(col, row, colour, 1);
    }
  }

  /** A segment `thickness` px wide, its edges anti-aliased by each pixel's distance to it. */
  line(x0: number, y0: number, x1: number, y1: number, colour: Colour, thickness: number): void {
    const half = thickness / 2;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const lengthSquared = dx * dx + dy * dy;
    const reach = half + 1;
    for (let y = Math.floor(Math.min(y0, y1) - reach); y <= Math.ceil(Math.max(y0, y1) + reach); y++) {
      for (let x = Math.floor(Math.min(x0, x1) - reach); x <= Math.ceil(Math.max(x0, x1) + reach); x++) {
        // Distance from the pixel centre to the nearest point of the segment.
        const px = x + 0.5 - x0;
        const py = y + 0.5 - y0;
        const t = lengthSquared === 0 ? 0 : Math.min(1, Math.max(0, (px * dx + py * dy) / lengthSquared));
        const distance = Math.hypot(px - t * dx, py - t * dy);
        this.blend(x, y, colour, half + 0.5 - distance);
      }
    }
  }

  /**
   * Text with its top-left corner at (x, y), each font pixel drawn as a `scale` square. With
   * `turned`, the text runs bottom to top (a y-axis label) and (x, y) is its bottom-left corner.
   */
  text(text: string, x: number, y: number, colour: Colour, scale: number, turned = false): void {
    x = Math.round(x);
    y = Math.round(y);
    Array.from(text).forEach((character, index) => {
      glyph(character).forEach((row, gy) => {
        row.forEach((ink, gx) => {
          if (!ink) return;
          const along = (index * GLYPH_ADVANCE + gx) * scale;
          const across = gy * scale;
          if (turned) this.fillRect(x + across, y - along - scale, scale, scale, colour);
          else this.fillRect(x + along, y + across, scale, scale, colour);
        });
      });
    });
  }

  toPng(): Uint8Array {
    return encodePng(this.width, this.height, 3, this.data);
  }
}
