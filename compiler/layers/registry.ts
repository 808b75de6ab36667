import type { LayerKind } from './kind.js';
import { dense } from './dense.js';
import { conv2d } from './conv2d.js';
import { conv2dTranspose } from './conv2d_transpose.js';
import { batchNorm } from './batch_norm.js';
import { layerNorm } from './layer_norm.js';
import { dropout } from './dropout.js';
import { relu } from './relu.js';
import { leakyRelu } from './leaky_relu.js';
import { tanh } from './tanh.js';
import { sigmoid } from './sigmoid.js';
import { reshape } from './reshape.js';
import { flatten } from './flatten.js';
import { upsample } from './upsample.js';
import { spectralNorm } from './spectral_norm.js';
import { labelEmbed } from './label_embed.js';
import { avgPool2d } from './avg_pool2d.js';
import { embedding } from './embedding.js';

/** Every layer kind of the language, by the name a spec writes, in the documentation's order. */
export const layerKinds: ReadonlyMap<string, LayerKind> = new Map<string, LayerKind>(
  [
    dense,
    conv2d,
    conv2dTranspose,
    batchNorm,
    layerNorm,
    dropout,
    relu,
    leakyRelu,
    tanh,
    sigmoid,
    reshape,
    flatten,
    upsample,
    avgPool2d,
    spectralNorm,
    labelEmbed,
    embedding,
  ].map((kind): [string, LayerKind] => [kind.name, kind]),
);

export function layerKind(name: string): LayerKind | undefined {
  return layerKinds.get(name);
}
