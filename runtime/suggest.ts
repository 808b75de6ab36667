/**
 * "did you mean" for command-line flags. yargs reports an unknown flag as
 * `Unknown argument: stps` (or `Unknown arguments: a, b`); this names each one as typed, with
 * the closest known flag when one is a plausible typo. The runtime cannot import the compiler's
 * `suggest.ts` (ARCHITECTURE.md: the runtime never imports the compiler), so the distance is
 * kept here too, the same optimal-string-alignment measure and the same third-of-the-word limit.
 */

function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known flag closest to `word` (both without dashes), if at most a third of its letters differ. */
export function closestFlag(word: string, known: readonly string[]): string | undefined {
  if (word.length > 64) return undefined;
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const flag of known) {
    if (Math.abs(flag.length - word.length) > limit) continue;
    const distance = editDistance(word.toLowerCase(), flag.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [flag, distance];
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
        const negated = bare.startsWith('no-') && closestFlag(bare, flags) === undefined;
        const near = negated ? closestFlag(bare.slice(3), flags) : closestFlag(bare, flags);
        return near === undefined ? `unknown flag \`${typed}\`` : `unknown flag \`${typed}\`; did you mean \`--${negated ? 'no-' : ''}${near}\`?`;
      }
      const near = closestFlag(word, words);
      return near === undefined ? `unexpected argument \`${word}\`` : `unexpected argument \`${word}\`; did you mean \`${near}\`?`;
    })
    .join('\n');
}
