/**
 * Spelling suggestions, for the compiler's names and the command lines' flags alike: the
 * compiler's `suggest.ts` takes them from here (the runtime cannot import the compiler), and
 * `unknownFlagMessage` below names yargs' unknown flags in the user's terms.
 */

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

const UNKNOWN = /^Unknown arguments?: (.+)$/;

/**
 * yargs' unknown-argument message in the user's terms. yargs names flags and stray words alike
 * without their dashes, so `argv` tells them apart: a flag comes back as typed (`--stps`) with
 * "did you mean `--steps`?" where one of `flags` is close; a word (`chek`) with the closest of
 * `words` (a command name). Any other message comes back unchanged.
 */
export function unknownFlagMessage(message: string, flags: readonly string[], argv: readonly string[], words: readonly string[] = []): string {
  const match = UNKNOWN.exec(message);
  if (!match) return message;
  // The flag as the user typed it: `--word`, `-w`, `--word=value`, or yargs' negation `--no-word`.
  const typedFlag = (word: string) =>
    argv.find((arg) => arg === `--${word}` || arg === `-${word}` || arg === `--no-${word}` || arg.startsWith(`--${word}=`) || arg.startsWith(`--no-${word}=`))?.split('=')[0];
  // yargs names a dashed flag twice, `such-flag` and `suchFlag`: one line for both.
  const names = [...new Set(match[1].split(', ').map((word) => word.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)))];
  return names
    .map((word) => {
      const typed = typedFlag(word);
      if (typed !== undefined) {
        const bare = typed.replace(/^-+/, '');
        const negated = bare.startsWith('no-') && closest(bare, flags) === undefined;
        const near = negated ? closest(bare.slice(3), flags) : closest(bare, flags);
        return near === undefined ? `unknown flag \`${typed}\`` : `unknown flag \`${typed}\`; did you mean \`--${negated ? 'no-' : ''}${near}\`?`;
      }
      const near = closest(word, words);
      return near === undefined ? `unexpected argument \`${word}\`` : `unexpected argument \`${word}\`; did you mean \`${near}\`?`;
    })
    .join('\n');
}
