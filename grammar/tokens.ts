import { createToken, Lexer, type TokenType } from './chevrotain.js';

/**
 * The tokens of a `.gan` file, in matching order: Chevrotain takes the first pattern that
 * matches, not the longest, so keywords come before `Identifier` and name it as `longer_alt`
 * (`dataset` is a name, not `data` + `set`), and `//` comments come before `/`.
 */

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

// Categories: one CONSUME matches any member, and the CST groups them under one key.
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });
export const RoleKeyword = createToken({ name: 'RoleKeyword', pattern: Lexer.NA });
export const SettingKeyword = createToken({ name: 'SettingKeyword', pattern: Lexer.NA });
/** Statements about one network: `optimizer G adam(...)`, `init G dcgan`. */
export const NetworkSettingKeyword = createToken({ name: 'NetworkSettingKeyword', pattern: Lexer.NA });
export const BooleanLiteral = createToken({ name: 'BooleanLiteral', pattern: Lexer.NA });
export const AnyString = createToken({ name: 'AnyString', pattern: Lexer.NA });
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });

function keyword(word: string, categories: TokenType[] = []): TokenType {
  return createToken({
    name: word[0].toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Keyword, ...categories],
  });
}

export const Const = keyword('const');
export const Title = keyword('title');
export const Generator = keyword('generator', [RoleKeyword]);
export const Discriminator = keyword('discriminator', [RoleKeyword]);
export const Data = keyword('data', [SettingKeyword]);
export const Latent = keyword('latent', [SettingKeyword]);
export const Loss = keyword('loss', [SettingKeyword]);
export const Optimizer = keyword('optimizer', [NetworkSettingKeyword]);
export const Init = keyword('init', [NetworkSettingKeyword]);
export const Framework = keyword('framework', [SettingKeyword]);
export const Train = keyword('train', [SettingKeyword]);
export const Samples = keyword('samples', [SettingKeyword]);
export const Checkpoint = keyword('checkpoint', [SettingKeyword]);
export const Sweep = keyword('sweep');
export const True = keyword('true', [BooleanLiteral]);
export const False = keyword('false', [BooleanLiteral]);

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\f\r\n\uFEFF]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const Comment = createToken({ name: 'Comment', pattern: /(?:#|\/\/)[^\r\n]*/, group: Lexer.SKIPPED });

export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/ });

/** A string closed on its line; escapes are checked (JSON rules) when the AST is built. */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  categories: [AnyString],
});
/** A string the line ends before closing: reported as GAN0103, but parsed as a string so one mistake makes one error. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [AnyString],
});

export const LParen = createToken({ name: 'LParen', pattern: '(' });
export const RParen = createToken({ name: 'RParen', pattern: ')' });
export const LBracket = createToken({ name: 'LBracket', pattern: '[' });
export const RBracket = createToken({ name: 'RBracket', pattern: ']' });
export const LCurly = createToken({ name: 'LCurly', pattern: '{' });
export const RCurly = createToken({ name: 'RCurly', pattern: '}' });
export const Comma = createToken({ name: 'Comma', pattern: ',' });
export const Equals = createToken({ name: 'Equals', pattern: '=' });
/** Only in a sweep's target paths: `optimizer.G.lr`, `G.2.kernel`. */
export const Dot = createToken({ name: 'Dot', pattern: '.' });
export const Plus = createToken({ name: 'Plus', pattern: '+', categories: [BinaryOperator] });
export const Minus = createToken({ name: 'Minus', pattern: '-', categories: [BinaryOperator] });
export const Star = createToken({ name: 'Star', pattern: '*', categories: [BinaryOperator] });
export const Slash = createToken({ name: 'Slash', pattern: '/', categories: [BinaryOperator] });

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Const,
  Title,
  Generator,
  Discriminator,
  Data,
  Latent,
  Loss,
  Optimizer,
  Init,
  Framework,
  Train,
  Samples,
  Checkpoint,
  Sweep,
  True,
  False,
  Identifier,
  NumberLiteral,
  StringLiteral,
  UnterminatedString,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
  Comma,
  Equals,
  Dot,
  Plus,
  Minus,
  Star,
  Slash,
  Keyword,
  RoleKeyword,
  SettingKeyword,
  NetworkSettingKeyword,
  BooleanLiteral,
  AnyString,
  BinaryOperator,
];

/**
 * The lexer for `.gan` text. `validate` runs Chevrotain's checks of the token definitions
 * (unreachable or empty patterns, bad groups): about 50 ms at every start, and they can only
 * fail when the tokens change, so the shared lexer skips them and a test runs them.
 */
export function createSpecLexer({ validate }: { validate: boolean }): InstanceType<typeof Lexer> {
  return new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: true, skipValidations: !validate });
}

export const specLexer = createSpecLexer({ validate: false });
