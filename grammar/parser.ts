import { CstParser, EOF, type CstNode, type DSLMethodOptsWithErr, type IOrAlt, type IToken } from './chevrotain.js';
import * as t from './tokens.js';
import { syntaxMessages } from './syntax-messages.js';

// Read once: a namespace member access goes through a getter in CommonJS output.
const { Comma, Identifier, Equals, Init, LParen, LBracket } = t;

/**
 * The `.gan` grammar as a pure Chevrotain CstParser (see docs/language.md for the EBNF).
 * Each OR alternative is a single sub-rule or a single token. Recovery is on: a statement
 * or layer that fails is resynced at the next statement keyword, layer or closing brace, so
 * one run reports every error in the file.
 *
 * Argument lists and lists are parsed leniently as any run of items and commas; the AST
 * builder reports a missing comma (`kernel = 4 stride = 2`), a doubled or leading comma, or
 * `stride 2`, each with the fix. A strict grammar would make Chevrotain resync at the next
 * name and report a second, confusing error for the same mistake. An item on a new line
 * with no comma before it (and not `name =`) still ends the list, so a missing `)` does not
 * swallow the layers that follow.
 */
export class SpecParser extends CstParser {
  /**
   * OR alternatives and gated repetitions, built once: a literal inside a rule would be
   * rebuilt on every call, which dominated parse time (Chevrotain's own advice).
   */
  private readonly cache: {
    statement?: IOrAlt<unknown>[];
    constName?: IOrAlt<unknown>[];
    networkSettingTarget?: IOrAlt<unknown>[];
    optionName?: IOrAlt<unknown>[];
    argumentItems?: DSLMethodOptsWithErr<unknown>;
    argumentItem?: IOrAlt<unknown>[];
    listItems?: DSLMethodOptsWithErr<unknown>;
    listItem?: IOrAlt<unknown>[];
    operand?: IOrAlt<unknown>[];
    pathSegment?: IOrAlt<unknown>[];
  } = {};

  /**
   * `validate` runs Chevrotain's grammar checks (ambiguities, left recursion, unreachable
   * alternatives). They cost about 50 ms at every start and can only fail when the grammar
   * itself changes, so the shared parser skips them and test/grammar/definition.test.ts runs them.
   */
  constructor({ validate }: { validate: boolean }) {
    super(t.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: 'full',
      errorMessageProvider: syntaxMessages,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  specFile = this.RULE('specFile', () => {
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(EOF);
  });

  statement = this.RULE('statement', () => {
    this.OR(
      (this.cache.statement ??= [
        { ALT: () => this.SUBRULE(this.titleStatement) },
        { ALT: () => this.SUBRULE(this.constStatement) },
        { ALT: () => this.SUBRULE(this.networkStatement) },
        { ALT: () => this.SUBRULE(this.settingStatement) },
        { ALT: () => this.SUBRULE(this.networkSettingStatement) },
        { ALT: () => this.SUBRULE(this.sweepStatement) },
      ]),
    );
  });

  titleStatement = this.RULE('titleStatement', () => {
    this.CONSUME(t.Title);
    this.CONSUME(t.AnyString);
  });

  constStatement = this.RULE('constStatement', () => {
    this.CONSUME(t.Const);
    this.OR(
      (this.cache.constName ??= [
        { ALT: () => this.CONSUME(t.Identifier, { LABEL: 'name' }) },
        // A keyword used as the name (`const data = 3`): the builder reports it, and the rest parses.
        { GATE: () => this.LA(2).tokenType === t.Equals, ALT: () => this.CONSUME(t.Keyword, { LABEL: 'name' }) },
      ]),
    );
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  networkStatement = this.RULE('networkStatement', () => {
    this.CONSUME(t.RoleKeyword);
    this.OPTION(() => this.CONSUME(t.Identifier));
    this.CONSUME(t.LCurly);
    this.MANY(() => this.SUBRULE(this.layer));
    this.CONSUME(t.RCurly);
  });

  layer = this.RULE('layer', () => {
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.SUBRULE(this.arguments));
  });

  settingStatement = this.RULE('settingStatement', () => {
    this.CONSUME(t.SettingKeyword);
    this.OPTION(() => this.CONSUME(t.Identifier));
    this.OPTION2(() => this.SUBRULE(this.arguments));
  });

  /** `optimizer G adam(...)`, `init D dcgan`: a keyword, the network it is about, a kind and its options. */
  networkSettingStatement = this.RULE('networkSettingStatement', () => {
    this.CONSUME(t.NetworkSettingKeyword);
    this.OR(
      (this.cache.networkSettingTarget ??= [
        { ALT: () => this.CONSUME(t.Identifier, { LABEL: 'target' }) },
        { ALT: () => this.CONSUME(t.RoleKeyword, { LABEL: 'target' }) },
      ]),
    );
    this.CONSUME2(t.Identifier, { LABEL: 'variant' });
    this.OPTION(() => this.SUBRULE(this.arguments));
  });

  /** `sweep grid(metric = fid) { ngf = [32, 64]  optimizer.lr = log_uniform(1e-5, 1e-3) }` */
  sweepStatement = this.RULE('sweepStatement', () => {
    this.CONSUME(t.Sweep);
    this.OPTION(() => this.CONSUME(t.Identifier, { LABEL: 'method' }));
    this.OPTION2(() => this.SUBRULE(this.arguments));
    this.CONSUME(t.LCurly);
    this.MANY(() => this.SUBRULE(this.sweepAxis));
    this.CONSUME(t.RCurly);
  });

  /** `path = values`: what a sweep varies and the values it takes. */
  sweepAxis = this.RULE('sweepAxis', () => {
    this.SUBRULE(this.sweepPath);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  /** `ngf`, `data.batch`, `optimizer.G.lr`, `G.2.kernel`: names (keywords too) and layer numbers joined by dots. */
  sweepPath = this.RULE('sweepPath', () => {
    this.SUBRULE(this.pathSegment);
    this.MANY(() => {
      this.CONSUME(t.Dot);
      this.SUBRULE2(this.pathSegment);
    });
  });

  pathSegment = this.RULE('pathSegment', () => {
    this.OR(
      (this.cache.pathSegment ??= [
        { ALT: () => this.CONSUME(t.Identifier, { LABEL: 'segment' }) },
        { ALT: () => this.CONSUME(t.Keyword, { LABEL: 'segment' }) },
        { ALT: () => this.CONSUME(t.NumberLiteral, { LABEL: 'segment' }) },
      ]),
    );
  });

  arguments = this.RULE('arguments', () => {
    this.CONSUME(t.LParen);
    this.MANY(
      (this.cache.argumentItems ??= {
        GATE: () => this.mayContinueItems(),
        DEF: () => {
          this.OR((this.cache.argumentItem ??= [{ ALT: () => this.CONSUME(t.Comma) }, { ALT: () => this.SUBRULE(this.argument) }]));
        },
      }),
    );
    this.CONSUME(t.RParen);
  });

  /** `name = value` or a positional `value`; `init` names a layer's option as well as a statement. */
  argument = this.RULE('argument', () => {
    this.OPTION(() => {
      this.OR(
        (this.cache.optionName ??= [
          { ALT: () => this.CONSUME(t.Identifier, { LABEL: 'name' }) },
          { ALT: () => this.CONSUME(t.Init, { LABEL: 'name' }) },
        ]),
      );
      this.CONSUME(t.Equals);
    });
    this.SUBRULE(this.expression);
  });

  /**
   * A flat chain `operand (operator operand)*`; the AST builder applies precedence (`*` and
   * `/` before `+` and `-`). One rule level instead of one per precedence level keeps the
   * parse of long specs fast, since every option value is an expression.
   */
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(t.BinaryOperator);
      this.SUBRULE2(this.operand);
    });
  });

  /** A value with any number of unary minus signs before it. */
  operand = this.RULE('operand', () => {
    this.MANY(() => this.CONSUME(t.Minus));
    this.OR(
      (this.cache.operand ??= [
        { ALT: () => this.CONSUME(t.NumberLiteral) },
        { ALT: () => this.CONSUME(t.AnyString) },
        { ALT: () => this.CONSUME(t.BooleanLiteral) },
        { ALT: () => this.SUBRULE(this.list) },
        { ALT: () => this.SUBRULE(this.parenthesized) },
        { ALT: () => this.SUBRULE(this.nameOrCall) },
      ]),
    );
  });

  list = this.RULE('list', () => {
    this.CONSUME(t.LBracket);
    this.MANY(
      (this.cache.listItems ??= {
        GATE: () => this.mayContinueItems(),
        DEF: () => {
          this.OR((this.cache.listItem ??= [{ ALT: () => this.CONSUME(t.Comma) }, { ALT: () => this.SUBRULE(this.expression) }]));
        },
      }),
    );
    this.CONSUME(t.RBracket);
  });

  /** `(x)`; also `(4, 4)`, which the AST builder reports as a list written with parentheses. */
  parenthesized = this.RULE('parenthesized', () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.OPTION(() => this.SUBRULE2(this.expression));
    });
    this.CONSUME(t.RParen);
  });

  nameOrCall = this.RULE('nameOrCall', () => {
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.SUBRULE(this.arguments));
  });

  /**
   * The list goes on: a comma, `name =`, anything after a comma or the opening bracket (newlines
   * are insignificant there: `[\n -1, 1]`), or anything on the same line (perhaps after a
   * missing comma). Only an item on a new line with no comma before it ends the list.
   */
  private mayContinueItems(): boolean {
    const next = this.LA(1);
    if (next.tokenType === Comma) return true;
    if ((next.tokenType === Identifier || next.tokenType === Init) && this.LA(2).tokenType === Equals) return true;
    const previous = this.LA(0);
    if (previous.tokenType === Comma || previous.tokenType === LParen || previous.tokenType === LBracket) return true;
    return next.startLine === previous.endLine;
  }

  /** Parses a whole token stream; the errors are left in `this.errors`. */
  parse(tokens: IToken[]): CstNode {
    this.input = tokens;
    return this.specFile();
  }
}

/** The one parser instance: building it analyses the grammar, so it is reused (reset by `.input`). */
export const specParser = new SpecParser({ validate: false });

