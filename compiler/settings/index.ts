import type { SettingKeyword } from '../../grammar/ast.js';
import type { SettingsKind } from './variant.js';
import { dataKind } from './data.js';
import { latentKind } from './latent.js';
import { lossKind } from './loss.js';
import { optimizerKind } from './optimizer.js';
import { trainKind } from './train.js';
import { samplesKind } from './samples.js';
import { checkpointKind } from './checkpoint.js';

/** Every settings statement's kind, by keyword. */
export const settingsKinds: Readonly<Record<SettingKeyword, SettingsKind>> = {
  data: dataKind,
  latent: latentKind,
  loss: lossKind,
  optimizer: optimizerKind,
  train: trainKind,
  samples: samplesKind,
  checkpoint: checkpointKind,
};
