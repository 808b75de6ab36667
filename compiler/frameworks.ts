/**
 * The frameworks a spec can declare (`framework pytorch`, `framework keras`): each fixes the
 * defaults that differ between them, so a spec trains as its lab's script did. What each
 * default is lives with the part it belongs to (a layer kind, a loss, an optimizer), keyed by
 * framework; this module only names them.
 */
export const frameworks = ['pytorch', 'keras'] as const;

export type Framework = (typeof frameworks)[number];

/** A spec that declares no framework gets PyTorch's defaults, as most of the seeds. */
export const defaultFramework: Framework = 'pytorch';
