import type { SettingKeyword } from '../../grammar/ast.js';
import { lossKinds } from '../losses/registry.js';
import { optimizerKinds } from '../optimizers/registry.js';
import type { SettingsKind } from './variant.js';
import { dataKind } from './data.js';
import { latentKind } from './latent.js';
import { trainKind } from './train.js';
import { samplesKind } from './samples.js';
import { checkpointKind } from './checkpoint.js';
import { frameworkKind } from './framework.js';
import { initKind } from './init.js';

/** Every settings statement's kind, by keyword; losses and optimizers are their registries' entries. */
export const settingsKinds: Readonly<Record<SettingKeyword, SettingsKind>> = {
  framework: frameworkKind,
  data: dataKind,
  latent: latentKind,
  loss: { keyword: 'loss', variantNoun: 'loss', example: 'loss bce', variants: lossKinds },
  optimizer: { keyword: 'optimizer', variantNoun: 'optimizer', example: 'optimizer G adam(lr = 2e-4, betas = [0.5, 0.999])', variants: optimizerKinds },
  init: initKind,
  train: trainKind,
  samples: samplesKind,
  checkpoint: checkpointKind,
};
