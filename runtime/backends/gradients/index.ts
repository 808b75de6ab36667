import { registerComparisonGradients } from './comparison-gradients.js';
import { registerResizeNearestNeighborGradGradient } from './resize-nearest-neighbor-grad.js';
import { registerTileGradient } from './tile-gradient.js';

/**
 * Gradients tfjs 4.22 lacks on every backend, found by taking a gradient penalty (a gradient of
 * a gradient) through each layer of the language, and Tile's, replaced for speed. One module per
 * gradient.
 */
export function registerMissingGradients(): void {
  registerComparisonGradients();
  registerResizeNearestNeighborGradGradient();
  registerTileGradient();
}
