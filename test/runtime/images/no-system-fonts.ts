import { GlobalFonts } from '@napi-rs/canvas';
import { renderLossPlot } from '../../../runtime/images/plot.js';
import { readFigure } from './figure.js';

// Run by plot.test.ts with the system's font folders hidden: prints the font families Skia
// knows (the package's font alone, when the hiding worked), then how many dark pixels a title adds.
const series = [{ name: 'D', values: [1, 0.8, 0.7, 0.65] }];
const dark = (bytes: Uint8Array) => readFigure(bytes, [[0, 0, 0]], 40).near[0];
const added = dark(renderLossPlot(series, { title: 'Generator and Discriminator Loss During Training' })) - dark(renderLossPlot(series));
process.stdout.write(`${JSON.stringify(GlobalFonts.families.map((f) => f.family))}\n${added}\n`);
