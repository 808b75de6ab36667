import type { ConfigValue } from './literal.js';

/**
 * What a layer becomes in TensorFlow.js: a short list of tfjs layer calls. Most layers are a
 * chain (each node takes the previous node's output, the first takes the layer's input `x`),
 * which the emitter writes into a `tf.sequential`; a node may instead name its arguments, to
 * read the network's `labels` input or an earlier node of the same layer, and a network with
 * such a node is written with the functional API.
 */
export interface TfjsNode {
  /** `tf.layers.<name>`, or `gan.<name>` for a layer of the runtime (imported as `gan`). */
  factory: string;
  config: { readonly [key: string]: ConfigValue };
  /** The node's inputs; by default the previous node's output (`x` for the first node). */
  args?: readonly TfjsArgument[];
  /** Why the node is there, when a reader would otherwise wonder (written above it). */
  why?: string;
  /** A name for the node's output, when later nodes of the layer read it. */
  as?: string;
  /** Marks the node that holds the layer's weight matrix, which `spectral_norm` wraps. */
  weighted?: true;
}

/** `x`: the layer's input; `labels`: the network's class-label input; a number: that earlier node of the layer. */
export type TfjsArgument = 'x' | 'labels' | number;

/** The config object of a node, for code that builds one. */
export type TfjsConfig = TfjsNode['config'];

/** True when every node takes only the output before it: the layer fits a `tf.sequential`. */
export function isChain(nodes: readonly TfjsNode[]): boolean {
  return nodes.every((node, i) => node.args === undefined || (node.args.length === 1 && node.args[0] === (i === 0 ? 'x' : i - 1)));
}
