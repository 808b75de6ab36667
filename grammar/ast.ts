import type { Span } from '../diagnostics/span.js';

/**
 * The abstract syntax tree of a `.gan` spec. Every node carries its span. The parser
 * recovers from errors, so the builder may produce partial nodes: a missing name or value
 * is `undefined`, never a made-up placeholder, and later phases skip what is missing.
 */

export interface Identifier {
  name: string;
  span: Span;
}

export interface NumberLiteral {
  kind: 'number';
  value: number;
  /** The text as written (`2e-4`), for messages. */
  raw: string;
  span: Span;
}

export interface StringLiteral {
  kind: 'string';
  /** The unescaped value. */
  value: string;
  span: Span;
}

export interface BooleanLiteral {
  kind: 'boolean';
  value: boolean;
  span: Span;
}

/** A bare name: a constant, an enum-like option value (`same`, `normal`), or a layer with no arguments. */
export interface NameExpression {
  kind: 'name';
  name: string;
  span: Span;
}

export interface ListExpression {
  kind: 'list';
  items: Expression[];
  span: Span;
}

/** `callee(args)`: a layer, a distribution (`uniform(-1, 1)`) or a schedule (`step(every = 10)`). */
export interface CallExpression {
  kind: 'call';
  callee: Identifier;
  args: Argument[];
  span: Span;
}

export interface BinaryExpression {
  kind: 'binary';
  operator: '+' | '-' | '*' | '/';
  left: Expression;
  right: Expression;
  span: Span;
}

export interface UnaryExpression {
  kind: 'unary';
  operator: '-';
  operand: Expression;
  span: Span;
}

export type Expression =
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | NameExpression
  | ListExpression
  | CallExpression
  | BinaryExpression
  | UnaryExpression;

/** A positional (`64`) or named (`stride = 2`) argument. */
export interface Argument {
  name?: Identifier;
  value?: Expression;
  span: Span;
}

/** `const ngf = 64` */
export interface ConstStatement {
  kind: 'const';
  name?: Identifier;
  value?: Expression;
  span: Span;
}

/** `title "Seed A: the plain MLP GAN"` */
export interface TitleStatement {
  kind: 'title';
  value?: StringLiteral;
  span: Span;
}

/** A layer inside a network block: `dense(128)`, `relu`, `spectral_norm(conv2d(64, kernel = 4))`. */
export interface LayerStatement {
  kind: 'layer';
  /** The layer kind as written. */
  callee: Identifier;
  args: Argument[];
  /** False for a bare `relu`, true for `relu()`. */
  hasParentheses: boolean;
  span: Span;
}

/** `generator G { ... }` or `discriminator { ... }`; the name defaults to the role word. */
export interface NetworkStatement {
  kind: 'network';
  role: 'generator' | 'discriminator';
  roleSpan: Span;
  name?: Identifier;
  layers: LayerStatement[];
  span: Span;
}

/** Statements about one network, which name it after the keyword. */
export type NetworkSettingKeyword = 'optimizer' | 'init';

export type SettingKeyword = 'framework' | 'data' | 'latent' | 'loss' | NetworkSettingKeyword | 'train' | 'samples' | 'checkpoint';

/**
 * A settings statement: keyword, then for `optimizer` and `init` the network it is about,
 * then an optional variant name and an optional argument list.
 *   framework pytorch
 *   data mnist(range = [-1, 1], batch = 128)
 *   latent uniform(size = 100, low = -1, high = 1)
 *   loss bce(from_logits = true)
 *   optimizer G adam(lr = 2e-4, betas = [0.5, 0.999])
 *   init G dcgan
 *   train(epochs = 50, d_steps = 1)
 */
export interface SettingStatement {
  kind: 'setting';
  keyword: SettingKeyword;
  keywordSpan: Span;
  /** Only for `optimizer` and `init`: the network it is about. */
  target?: Identifier;
  variant?: Identifier;
  args: Argument[];
  span: Span;
}

/** One segment of a sweep's target path: a name (keywords included) or a layer's number. */
export interface PathSegment {
  text: string;
  span: Span;
}

/** `optimizer.G.lr = log_uniform(1e-5, 1e-3)`: what a sweep varies, and the values it takes. */
export interface SweepAxis {
  path: PathSegment[];
  /** The whole path's span. */
  pathSpan: Span;
  values?: Expression;
  span: Span;
}

/**
 * `sweep grid(metric = fid, direction = minimize) { ngf = [32, 64] }` or
 * `sweep random(n = 8, seed = 1) { ... }`: trials of the spec with the axes' values put in.
 */
export interface SweepStatement {
  kind: 'sweep';
  keywordSpan: Span;
  /** `grid` or `random`; undefined when not written (grid). */
  method?: Identifier;
  args: Argument[];
  axes: SweepAxis[];
  span: Span;
}

export type Statement = ConstStatement | TitleStatement | NetworkStatement | SettingStatement | SweepStatement;

export interface SpecFile {
  path: string;
  statements: Statement[];
  span: Span;
}
