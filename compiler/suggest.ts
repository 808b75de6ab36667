/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two adjacent
 * letters (optimal string alignment), so `mnsit` is one edit from `mnist`.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * Words longer than this get no spelling suggestion: no name of the language is half as long,
 * and the search must cost the same for a 200,000-character name as for a short one.
 */
const LONGEST_MISSPELLING = 64;

/**
 * The closest candidate to a misspelt word, if it is close enough to be a plausible typo
 * (at most a third of the word's letters changed, and at least one allowed). A candidate whose
 * length differs by more than that is skipped unmeasured: its distance could not be lower.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > LONGEST_MISSPELLING) return undefined;
  const limit = Math.max(1, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

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
