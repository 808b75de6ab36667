import { noOptions, variantMap, type SettingsKind } from './variant.js';

/** `framework pytorch` / `framework keras`: whose defaults the spec takes (initialisation, batch norm, Adam's epsilon, cross-entropy). */
export const frameworkKind: SettingsKind = {
  keyword: 'framework',
  variantNoun: 'framework',
  example: 'framework pytorch',
  variants: variantMap(
    { name: 'pytorch', summary: 'PyTorch\'s defaults (the default): kaiming-uniform weights, BN momentum 0.1 (0.9 here) and eps 1e-5, Adam eps 1e-8, BCELoss', positional: [], schema: noOptions },
    { name: 'keras', summary: 'Keras\'s defaults: Glorot-uniform weights, BN momentum 0.99 and eps 1e-3, Adam eps 1e-7, binary_crossentropy', positional: [], schema: noOptions },
  ),
};
