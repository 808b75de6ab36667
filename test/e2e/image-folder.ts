import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** 16 gradient images, 160x140 RGB, so resizing and centre cropping both do work: image-folder specs train on it (the abstract-art images are not in the repository). */
export function writeImageFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 16; i++) {
    const png = new PNG({ width: 160, height: 140 });
    for (let p = 0; p < 160 * 140; p++) {
      png.data.set([(p * (i + 1)) % 256, (p >> 5) % 256, (i * 16) % 256, 255], p * 4);
    }
    writeFileSync(join(dir, `art-${i}.png`), PNG.sync.write(png));
  }
}
