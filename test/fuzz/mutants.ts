import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/**
 * Mutants of the specs in specs/, for the fuzz test and `npm run fuzz`: each is a real spec
 * with one to four edits. The edits are what people and tools do to text (delete, insert,
 * swap, truncate, change line endings) and what the checker has failed on before (deep
 * nesting, long operator chains, chains and cycles of constants, numbers beyond a double,
 * Object.prototype names, names of 200,000 characters, NUL bytes, random unicode). Every edit is data, so fast-check shrinks a
 * failing mutant to a small one and replays it from its seed and path.
 */

const specsFolder = join(__dirname, '..', '..', 'specs');

export interface BaseSpec {
  path: string;
  text: string;
}

export const baseSpecs: readonly BaseSpec[] = readdirSync(specsFolder)
  .filter((name) => name.endsWith('.gan'))
  .sort()
  .map((name) => ({ path: `specs/${name}`, text: readFileSync(join(specsFolder, name), 'utf8') }));

/** Words and marks of the language, and near misses of them, to insert or swap in. */
const vocabulary = [
  '(', ')', '[', ']', '{', '}', ',', '=', '+', '-', '*', '/', '"', '#', '//', '\n', ' ', '\t',
  'const', 'title', 'generator', 'discriminator', 'data', 'latent', 'loss', 'optimizer', 'train', 'samples', 'checkpoint',
  'true', 'false', 'True', 'None', 'null', 'dense', 'conv2d', 'conv2d_transpose', 'reshape', 'flatten', 'relu', 'sigmoid', 'tanh',
  'spectral_norm', 'label_embed', 'batch_norm', 'upsample', 'dropout', 'leaky_relu', 'same', 'valid', 'mnist', 'images', 'adam', 'bce',
  'wasserstein', 'hinge', 'step', 'lr', 'learning_rate', 'betas', 'kernel', 'stride', 'padding', 'units', 'labels', 'crop', 'size',
  '0', '1', '-1', '0.5', '2e-4', '1e9', '7', '28', '"x"', '"\\q"', '"unterminated', "'single'", ';', ':', '@', '...',
];

const prototypeNames = ['constructor', 'toString', '__proto__', 'prototype', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

const hugeNumbers = [
  '1e309', '1e200 * 1e200', '-1e309', `1${'0'.repeat(400)}`, `9${'9'.repeat(307)}`, '1e300', '9007199254740993', '4294967297',
  '1 / 1e-320', '0.000000000000000000001', '1e-400', '0', '-0', '1e308 + 1e308', '2 * 9007199254740991', '1.5', '-7',
];

/** Where an edit lands: a fraction of the text's length, so it shrinks towards the start. */
const place = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

type Edit = (text: string) => string;

const at = (text: string, fraction: number) => Math.floor(fraction * text.length);

const insertAt = (text: string, fraction: number, inserted: string) => text.slice(0, at(text, fraction)) + inserted + text.slice(at(text, fraction));

/** The i-th match of `pattern`, modulo the number of matches, replaced by `by(match)`. */
function replaceMatch(text: string, pattern: RegExp, index: number, by: (match: string) => string): string {
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return text;
  const match = matches[index % matches.length];
  return text.slice(0, match.index) + by(match[0]) + text.slice(match.index + match[0].length);
}

const tokenPattern = /[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\\n]|\\.)*"|\/\/|\S/g;
const namePattern = /[A-Za-z_][A-Za-z0-9_]*/g;
const numberPattern = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

const tokenEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ index: fc.nat(), word: fc.constantFrom(...vocabulary) }).map(({ index, word }): Edit => (text) => replaceMatch(text, tokenPattern, index, () => word)),
  fc.nat().map((index): Edit => (text) => replaceMatch(text, tokenPattern, index, () => '')),
  fc.nat().map((index): Edit => (text) => replaceMatch(text, tokenPattern, index, (token) => `${token} ${token}`)),
  fc.record({ where: place, word: fc.constantFrom(...vocabulary) }).map(({ where, word }): Edit => (text) => insertAt(text, where, ` ${word} `)),
);

const byteEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ where: place, length: fc.integer({ min: 1, max: 8 }) }).map(({ where, length }): Edit => (text) => text.slice(0, at(text, where)) + text.slice(at(text, where) + length)),
  fc.record({ where: place, inserted: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 4 }) }).map(({ where, inserted }): Edit => (text) => insertAt(text, where, inserted)),
  fc.record({ where: place, inserted: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) }).map(({ where, inserted }): Edit => (text) => insertAt(text, where, inserted)),
  fc.record({ where: place, inserted: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }) }).map(({ where, inserted }): Edit => (text) => insertAt(text, where, inserted)),
);

const truncation: fc.Arbitrary<Edit> = place.map((where): Edit => (text) => text.slice(0, at(text, where)));

const deepNesting: fc.Arbitrary<Edit> = fc
  .record({ index: fc.nat(), depth: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 400, max: 5000 })), open: fc.constantFrom('(', '[', 'f(', 'spectral_norm(') })
  .map(({ index, depth, open }): Edit => (text) => replaceMatch(text, numberPattern, index, (n) => `${open.repeat(depth)}${n}${(open === '[' ? ']' : ')').repeat(depth)}`));

/**
 * Brackets, keywords, commas and newlines in any order: recovery from them must never take the
 * parser deeper than the nesting limit counts (grammar/nesting.ts), or the stack overflows.
 */
const soupPieces = ['(', '[', 'f(', 'spectral_norm(', ')', ']', ',', '1', 'data', 'true', '\n', '+', 'x =', '}', '{', '=', '1 data )', '1\n2)'];
const bracketSoup: fc.Arbitrary<Edit> = fc
  .record({ where: place, pieces: fc.array(fc.oneof({ arbitrary: fc.constantFrom('(', '[', 'f('), weight: 3 }, { arbitrary: fc.constantFrom(...soupPieces), weight: 2 }), { minLength: 40, maxLength: 1500 }) })
  .map(({ where, pieces }): Edit => (text) => insertAt(text, where, pieces.join(' ')));

const longChain: fc.Arbitrary<Edit> = fc
  .record({ index: fc.nat(), terms: fc.integer({ min: 2, max: 4000 }), operator: fc.constantFrom('+', '-', '*', '/', '+ -') })
  .map(({ index, terms, operator }): Edit => (text) => replaceMatch(text, numberPattern, index, (n) => Array.from({ length: terms }, () => n).join(` ${operator} `)));

const hugeNumber: fc.Arbitrary<Edit> = fc
  .record({ index: fc.nat(), number: fc.constantFrom(...hugeNumbers) })
  .map(({ index, number }): Edit => (text) => replaceMatch(text, numberPattern, index, () => number));

const prototypeName: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ index: fc.nat(), name: fc.constantFrom(...prototypeNames) }).map(({ index, name }): Edit => (text) => replaceMatch(text, namePattern, index, () => name)),
  fc.record({ where: place, name: fc.constantFrom(...prototypeNames) }).map(({ where, name }): Edit => (text) => {
    // As an option of the nearest call: `(` becomes `(name = 1, `.
    const open = text.indexOf('(', at(text, where));
    return open === -1 ? text : `${text.slice(0, open + 1)}${name} = 1, ${text.slice(open + 1)}`;
  }),
);

const longName: fc.Arbitrary<Edit> = fc
  .record({ index: fc.nat(), length: fc.oneof(fc.integer({ min: 60, max: 300 }), fc.constantFrom(20_000, 200_000)), letter: fc.constantFrom('x', 'a', '_') })
  .map(({ index, length, letter }): Edit => (text) => replaceMatch(text, namePattern, index, () => letter.repeat(length)));

/**
 * A chain of constants written last-first (each uses the one defined after it), or a cycle of
 * them, used for a number. Past about 1,000 they overflowed the evaluator; each statement costs
 * the parser, so long ones are rare.
 */
const constantChain: fc.Arbitrary<Edit> = fc
  .record({
    index: fc.nat(),
    length: fc.oneof({ arbitrary: fc.integer({ min: 2, max: 40 }), weight: 19 }, { arbitrary: fc.integer({ min: 1000, max: 1400 }), weight: 1 }),
    cycle: fc.boolean(),
  })
  .map(({ index, length, cycle }): Edit => (text) => {
    const next = (i: number) => (cycle ? `q${(i % length) + 1}` : i === length ? '1' : `q${i + 1}`);
    const constants = Array.from({ length }, (_, i) => `const q${i + 1} = ${next(i + 1)} + 0`).join('\n');
    return `${constants}\n${replaceMatch(text, numberPattern, index, () => 'q1')}`;
  });

const encodingEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.constant<Edit>((text) => `\ufeff${text}`),
  fc.constant<Edit>((text) => text.replace(/\n/g, '\r\n')),
  fc.constant<Edit>((text) => text.replace(/\n/g, '\r')),
  place.map((where): Edit => (text) => insertAt(text, where, '\u0000')),
  place.map((where): Edit => (text) => insertAt(text, where, '\t')),
  place.map((where): Edit => (text) => insertAt(text, where, '\u2028')),
);

/** One edit of any kind, the cheap kinds more often. */
export const edit: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: tokenEdit, weight: 6 },
  { arbitrary: byteEdit, weight: 4 },
  { arbitrary: truncation, weight: 2 },
  { arbitrary: hugeNumber, weight: 3 },
  { arbitrary: prototypeName, weight: 3 },
  { arbitrary: encodingEdit, weight: 2 },
  { arbitrary: deepNesting, weight: 1 },
  { arbitrary: longChain, weight: 1 },
  { arbitrary: longName, weight: 1 },
  { arbitrary: constantChain, weight: 1 },
  { arbitrary: bracketSoup, weight: 1 },
);

export interface Mutant {
  /** The spec it came from (its path names the diagnostics' file). */
  path: string;
  text: string;
}

/** A spec from specs/ with one to four edits applied in turn. */
export const mutant: fc.Arbitrary<Mutant> = fc
  .record({ base: fc.constantFrom(...baseSpecs), edits: fc.array(edit, { minLength: 1, maxLength: 4 }) })
  .map(({ base, edits }) => ({ path: base.path, text: edits.reduce((text, apply) => apply(text), base.text) }));
