import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnostic } from '../diagnostics/make.js';
import type { CheckedSetting } from './settings-check.js';

/**
 * `data images(size = S, crop = C)` resizes each image so its shorter side is S, then takes the
 * centre C x C: a crop larger than S cannot be taken, and only fails once images load. Returns
 * the setting, marked unusable when the crop is too large (so that the networks are not then
 * judged against a data shape that cannot exist).
 */
export function checkImageCrop(data: CheckedSetting | undefined, diagnostics: Diagnostic[]): CheckedSetting | undefined {
  if (data === undefined || data.variant !== 'images' || !data.options.ok) return data;
  const { size, crop } = data.options.values as { size?: number; crop?: number };
  const cropSpan = data.options.valueSpans.get('crop');
  const sizeSpan = data.options.valueSpans.get('size');
  if (size === undefined || crop === undefined || crop <= size || cropSpan === undefined) return data;
  diagnostics.push(
    diagnostic('outOfRange', cropSpan, `\`crop\` of \`data images\` must be at most \`size\` (${size}), found ${crop}`, {
      label: 'larger than the resized image',
      labels: sizeSpan === undefined ? [] : [{ span: sizeSpan, message: `images are resized to ${size} pixels on their shorter side` }],
      help: `crop at most ${size}, or resize to \`size = ${crop}\``,
    }),
  );
  return { ...data, options: { ...data.options, ok: false } };
}
