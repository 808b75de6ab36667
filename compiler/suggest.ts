// The spelling distance is shared with the runtime's flag suggestions (runtime/suggest.ts, the
// one value the compiler takes from the runtime: the runtime cannot import the compiler).
import { closest } from '../runtime/suggest.js';

export { closest, editDistance } from '../runtime/suggest.js';

/**
 * Names people bring from Keras, PyTorch and papers, for what this language spells otherwise.
 * Each lists its replacements in order; the first one the context accepts is suggested
 * (`momentum` is `betas` in Adam but an option of its own in SGD).
 */
const aliases: ReadonlyMap<string, readonly string[]> = new Map([
  ['learning_rate', ['lr']],
  ['learningrate', ['lr']],
  ['beta1', ['betas']],
  ['beta_1', ['betas']],
  ['beta2', ['betas']],
  ['beta_2', ['betas']],
  ['momentum', ['betas']],
  ['epsilon', ['eps']],
  ['rho', ['decay']],
  ['batch_size', ['batch']],
  ['num_epochs', ['epochs']],
  ['n_epochs', ['epochs']],
  ['kernel_size', ['kernel']],
  ['strides', ['stride']],
  ['use_bias', ['bias']],
  ['out_features', ['units']],
  ['out_channels', ['filters']],
  ['negative_slope', ['alpha']],
  ['latent_dim', ['size']],
  ['z_dim', ['size']],
  ['lambda_gp', ['gradient_penalty']],
  ['gp', ['gradient_penalty']],
  ['clip_value', ['clip']],
  ['p', ['rate']],
]);

/** The replacement for a known alias among `candidates`, if any. */
function aliasFor(word: string, candidates: readonly string[]): string | undefined {
  return aliases.get(word.toLowerCase())?.find((replacement) => candidates.includes(replacement));
}

/** "did you mean `x`?" or undefined: a known alias first, then the closest spelling. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const match = aliasFor(word, list) ?? closest(word, list);
  return match === undefined ? undefined : `did you mean \`${match}\`?`;
}

/** Other languages' spellings of the values `true`, `false` and "no value". */
const valueAliases: ReadonlyMap<string, string> = new Map([
  ['True', 'write `true`'],
  ['TRUE', 'write `true`'],
  ['False', 'write `false`'],
  ['FALSE', 'write `false`'],
  ['None', 'there is no `None`: leave the option out to use its default'],
  ['null', 'there is no `null`: leave the option out to use its default'],
  ['nil', 'there is no `nil`: leave the option out to use its default'],
  ['undefined', 'there is no `undefined`: leave the option out to use its default'],
]);

/** The fix for a bare name that is another language's `true`, `false` or `None`; undefined for any other name. */
export function valueAliasHelp(name: string): string | undefined {
  return valueAliases.get(name);
}

/** `a`, `b` or `c` */
export function listWords(words: readonly string[], conjunction = 'or'): string {
  const quoted = words.map((w) => `\`${w}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}
