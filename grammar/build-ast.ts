import type * as ast from './ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnostic } from '../diagnostics/make.js';
import type { Span } from '../diagnostics/span.js';
import { joinSpans } from '../diagnostics/span.js';
import type { CstElement, CstNode, IToken } from './chevrotain.js';
import { specParser } from './parser.js';
import { locationSpan, tokenSpan, wholeFileSpan } from './spans.js';
import { decodeStringToken } from './strings.js';
import * as t from './tokens.js';

/** What the builder reads and where it reports what only it can see (missing commas, bad escapes). */
export interface BuildContext {
  path: string;
  text: string;
  diagnostics: Diagnostic[];
}

type Children = Record<string, CstElement[] | undefined>;
type ItemWord = 'argument' | 'list item';

const BaseVisitor = specParser.getBaseCstVisitorConstructor<Span, unknown>();

/**
 * Turns the CST into the AST. The parser recovers from errors, so any child may be missing
 * (or be a token Chevrotain inserted, which we treat as missing): such fields stay
 * undefined, and a node with no real token at all is dropped.
 */
class AstBuilder extends BaseVisitor {
  constructor(private readonly context: BuildContext) {
    super();
    this.validateVisitor();
  }

  build(cst: CstNode): ast.SpecFile {
    return this.visit(cst, wholeFileSpan(this.context.text, this.context.path)) as ast.SpecFile;
  }

  specFile(ctx: Children, span: Span): ast.SpecFile {
    return { path: this.context.path, statements: this.all<ast.Statement>(nodes(ctx, 'statement')), span };
  }

  statement(ctx: Children): ast.Statement | undefined {
    for (const key in ctx) return this.node<ast.Statement>(nodes(ctx, key)[0]);
    return undefined;
  }

  titleStatement(ctx: Children, span: Span): ast.TitleStatement {
    const value = token(ctx, 'AnyString');
    return { kind: 'title', value: value && this.stringLiteral(value), span };
  }

  constStatement(ctx: Children, span: Span): ast.ConstStatement {
    const name = token(ctx, 'name');
    if (name !== undefined && name.tokenType !== t.Identifier) {
      this.context.diagnostics.push(
        diagnostic('unexpectedToken', this.span(name), `expected a constant name after \`const\`, found \`${name.image}\``, {
          help: `\`${name.image}\` is a keyword; choose another name for the constant`,
        }),
      );
    }
    return {
      kind: 'const',
      name: name?.tokenType === t.Identifier ? this.identifier(name) : undefined,
      value: this.node<ast.Expression>(nodes(ctx, 'expression')[0]),
      span,
    };
  }

  networkStatement(ctx: Children, span: Span): ast.NetworkStatement {
    const role = token(ctx, 'RoleKeyword') as IToken;
    return {
      kind: 'network',
      role: role.image as ast.NetworkStatement['role'],
      roleSpan: this.span(role),
      name: this.identifier(token(ctx, 'Identifier')),
      layers: this.all<ast.LayerStatement>(nodes(ctx, 'layer')),
      span,
    };
  }

  layer(ctx: Children, span: Span): ast.LayerStatement {
    const argumentList = nodes(ctx, 'arguments')[0];
    return {
      kind: 'layer',
      callee: this.identifier(token(ctx, 'Identifier')) as ast.Identifier,
      args: this.arguments_(argumentList),
      hasParentheses: argumentList !== undefined,
      span,
    };
  }

  settingStatement(ctx: Children, span: Span): ast.SettingStatement {
    const keyword = token(ctx, 'SettingKeyword') as IToken;
    return {
      kind: 'setting',
      keyword: keyword.image as ast.SettingKeyword,
      keywordSpan: this.span(keyword),
      variant: this.identifier(token(ctx, 'Identifier')),
      args: this.arguments_(nodes(ctx, 'arguments')[0]),
      span,
    };
  }

  networkSettingStatement(ctx: Children, span: Span): ast.SettingStatement {
    const keyword = token(ctx, 'NetworkSettingKeyword') as IToken;
    return {
      kind: 'setting',
      keyword: keyword.image as ast.NetworkSettingKeyword,
      keywordSpan: this.span(keyword),
      target: this.identifier(token(ctx, 'target')),
      variant: this.identifier(token(ctx, 'variant')),
      args: this.arguments_(nodes(ctx, 'arguments')[0]),
      span,
    };
  }

  sweepStatement(ctx: Children, span: Span): ast.SweepStatement {
    return {
      kind: 'sweep',
      keywordSpan: this.span(token(ctx, 'Sweep') as IToken),
      method: this.identifier(token(ctx, 'method')),
      args: this.arguments_(nodes(ctx, 'arguments')[0]),
      axes: this.all<ast.SweepAxis>(nodes(ctx, 'sweepAxis')),
      span,
    };
  }

  sweepAxis(ctx: Children, span: Span): ast.SweepAxis | undefined {
    const pathNode = nodes(ctx, 'sweepPath')[0];
    const path = this.node<ast.PathSegment[]>(pathNode);
    if (path === undefined || path.length === 0) return undefined;
    return { path, pathSpan: joinSpans(path[0].span, path[path.length - 1].span), values: this.node<ast.Expression>(nodes(ctx, 'expression')[0]), span };
  }

  sweepPath(ctx: Children): ast.PathSegment[] {
    return this.all<ast.PathSegment>(nodes(ctx, 'pathSegment'));
  }

  pathSegment(ctx: Children): ast.PathSegment | undefined {
    const segment = token(ctx, 'segment');
    return segment && { text: segment.image, span: this.span(segment) };
  }

  arguments(ctx: Children): ast.Argument[] {
    const args = this.all<ast.Argument>(nodes(ctx, 'argument'));
    this.checkCommas(args, tokens(ctx, 'Comma'), 'argument');
    return args;
  }

  argument(ctx: Children, span: Span): ast.Argument {
    return {
      name: this.identifier(token(ctx, 'name')),
      value: this.node<ast.Expression>(nodes(ctx, 'expression')[0]),
      span,
    };
  }

  expression(ctx: Children): ast.Expression | undefined {
    const operands: ast.Expression[] = [];
    for (const operand of nodes(ctx, 'operand')) {
      const value = this.node<ast.Expression>(operand);
      if (value === undefined) break; // the parser reported the missing operand
      operands.push(value);
    }
    return withPrecedence(operands, tokens(ctx, 'BinaryOperator'));
  }

  operand(ctx: Children): ast.Expression | undefined {
    let value = this.operandValue(ctx);
    const minusSigns = tokens(ctx, 'Minus');
    for (let i = minusSigns.length - 1; value !== undefined && i >= 0; i -= 1) {
      value = { kind: 'unary', operator: '-', operand: value, span: joinSpans(this.span(minusSigns[i]), value.span) };
    }
    return value;
  }

  private operandValue(ctx: Children): ast.Expression | undefined {
    const number = token(ctx, 'NumberLiteral');
    if (number) return { kind: 'number', value: Number(number.image), raw: number.image, span: this.span(number) };
    const string = token(ctx, 'AnyString');
    if (string) return this.stringLiteral(string);
    const boolean = token(ctx, 'BooleanLiteral');
    if (boolean) return { kind: 'boolean', value: boolean.image === 'true', span: this.span(boolean) };
    const child = nodes(ctx, 'list')[0] ?? nodes(ctx, 'parenthesized')[0] ?? nodes(ctx, 'nameOrCall')[0];
    return this.node<ast.Expression>(child);
  }

  list(ctx: Children, span: Span): ast.ListExpression {
    const items = this.all<ast.Expression>(nodes(ctx, 'expression'));
    this.checkCommas(items, tokens(ctx, 'Comma'), 'list item');
    return { kind: 'list', items, span };
  }

  /**
   * The inner expression, its span widened to the parentheses, so messages quote `(1 - x)` whole.
   * `(4, 4)` is a list written as in Python: one error with the fix, and the list, so that the
   * checker reads on as if it had been written `[4, 4]`.
   */
  parenthesized(ctx: Children, span: Span): ast.Expression | undefined {
    const items = this.all<ast.Expression>(nodes(ctx, 'expression'));
    if (tokens(ctx, 'Comma').length === 0) return items[0] && { ...items[0], span };
    const written = this.context.text.slice(span.start.offset + 1, span.end.offset - 1);
    const fix = written.length <= 40 && !/[\r\n]/.test(written) ? `write \`[${written}]\`` : 'write the list in square brackets: `[a, b]`';
    this.context.diagnostics.push(
      diagnostic('unexpectedToken', span, 'parentheses group one value; a list is written in square brackets', {
        label: 'a list in parentheses',
        help: fix,
      }),
    );
    return { kind: 'list', items, span };
  }

  nameOrCall(ctx: Children, span: Span): ast.NameExpression | ast.CallExpression {
    const callee = this.identifier(token(ctx, 'Identifier')) as ast.Identifier;
    const argumentList = nodes(ctx, 'arguments')[0];
    if (argumentList === undefined) return { kind: 'name', name: callee.name, span };
    return { kind: 'call', callee, args: this.arguments_(argumentList), span };
  }

  /** Visits a node with its span; a recovered node with no real token yields undefined. */
  private node<T>(element: CstNode | undefined): T | undefined {
    if (element === undefined) return undefined;
    const span = locationSpan(element.location, this.context.path);
    return span === undefined ? undefined : (this.visit(element, span) as T | undefined);
  }

  private all<T>(elements: CstNode[]): T[] {
    const values: T[] = [];
    for (const element of elements) {
      const value = this.node<T>(element);
      if (value !== undefined) values.push(value);
    }
    return values;
  }

  private arguments_(element: CstNode | undefined): ast.Argument[] {
    return this.node<ast.Argument[]>(element) ?? [];
  }

  private span(token: IToken): Span {
    return tokenSpan(token, this.context.path);
  }

  private identifier(token: IToken | undefined): ast.Identifier | undefined {
    return token && { name: token.image, span: this.span(token) };
  }

  private stringLiteral(token: IToken): ast.StringLiteral {
    const decoded = decodeStringToken(token.image, token.tokenType === t.StringLiteral);
    for (const escape of decoded.invalidEscapes) {
      const start = { offset: token.startOffset + escape.index, line: token.startLine ?? 1, column: (token.startColumn ?? 1) + escape.index };
      const end = { offset: start.offset + escape.text.length, line: start.line, column: start.column + escape.text.length };
      this.context.diagnostics.push(
        diagnostic('invalidEscape', { file: this.context.path, start, end }, `unknown escape \`${escape.text}\` in a string`, {
          notes: ['strings allow the JSON escapes `\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`'],
          help: 'write `\\\\` for a backslash',
        }),
      );
    }
    return { kind: 'string', value: decoded.value, span: this.span(token) };
  }

  /**
   * The grammar takes any run of items and commas (see parser.ts) so that one misplaced
   * comma makes one error; here are those errors, with the fix.
   */
  private checkCommas(items: { span: Span }[], commas: IToken[], itemWord: ItemWord): void {
    // Both lists are in source order: walk them as one sequence.
    let afterItem = false;
    let commaIndex = 0;
    for (let itemIndex = 0; itemIndex <= items.length; itemIndex += 1) {
      const item = items[itemIndex];
      const itemStart = item === undefined ? Infinity : item.span.start.offset;
      for (; commaIndex < commas.length && commas[commaIndex].startOffset < itemStart; commaIndex += 1) {
        if (!afterItem) this.context.diagnostics.push(this.extraComma(commas[commaIndex], itemWord));
        afterItem = false;
      }
      if (item === undefined) break;
      if (afterItem) this.context.diagnostics.push(this.missingComma(items[itemIndex - 1], item, itemWord));
      afterItem = true;
    }
  }

  private extraComma(comma: IToken, itemWord: ItemWord): Diagnostic {
    const expected = itemWord === 'argument' ? 'an argument or `)`' : 'a list item or `]`';
    return diagnostic('unexpectedToken', this.span(comma), `expected ${expected}, found \`,\``, {
      help: 'remove this `,`',
    });
  }

  private missingComma(before: { span: Span }, item: { span: Span }, itemWord: ItemWord): Diagnostic {
    const found = firstWord(this.context.text, item.span);
    const span = { file: item.span.file, start: item.span.start, end: { ...item.span.start, offset: item.span.start.offset + found.length, column: item.span.start.column + found.length } };
    const closer = itemWord === 'argument' ? ')' : ']';
    const previousText = this.context.text.slice(before.span.start.offset, before.span.end.offset);
    if (itemWord === 'argument' && isBareName(before) && isPositionalValue(item)) {
      return diagnostic('unexpectedToken', span, `expected \`)\`, \`,\` or \`=\` after \`${previousText}\`, found \`${found}\``, {
        help: `to set the option \`${previousText}\`, write \`${previousText} = ${found}\``,
      });
    }
    return diagnostic('unexpectedToken', span, `expected \`${closer}\` or \`,\` after ${itemWord === 'argument' ? 'an argument' : 'a list item'}, found \`${found}\``, {
      help: `add a comma before \`${found}\``,
    });
  }
}

/**
 * Applies precedence to `a op b op c ...`: `*` and `/` bind first, then `+` and `-`, each
 * left to right. `operands` may be shorter than `operators` + 1 after a recovered error.
 */
function withPrecedence(operands: ast.Expression[], operators: IToken[]): ast.Expression | undefined {
  if (operands.length <= 1) return operands[0];
  const sums: ast.Expression[] = [];
  const sumOperators: IToken[] = [];
  let product = operands[0];
  for (let i = 1; i < operands.length; i += 1) {
    const operator = operators[i - 1];
    if (operator.image === '*' || operator.image === '/') {
      product = binary(product, operator, operands[i]);
    } else {
      sums.push(product);
      sumOperators.push(operator);
      product = operands[i];
    }
  }
  sums.push(product);
  return sums.reduce((left, right, i) => binary(left, sumOperators[i - 1], right));
}

function binary(left: ast.Expression, operator: IToken, right: ast.Expression): ast.BinaryExpression {
  const symbol = operator.image as ast.BinaryExpression['operator'];
  return { kind: 'binary', operator: symbol, left, right, span: joinSpans(left.span, right.span) };
}

/** A positional argument that is just a name: `stride` in `conv2d(64, stride 2)`. */
function isBareName(item: { span: Span }): boolean {
  const argument = item as ast.Argument;
  return argument.name === undefined && argument.value?.kind === 'name';
}

function isPositionalValue(item: { span: Span }): boolean {
  const argument = item as ast.Argument;
  return argument.name === undefined && argument.value !== undefined && argument.value.kind !== 'name' && argument.value.kind !== 'call';
}

/** The first token's text of a span (the name, number or bracket the user sees first). */
function firstWord(text: string, span: Span): string {
  const match = /^(?:[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\\r\n]|\\.)*"?|.)/.exec(text.slice(span.start.offset, span.end.offset));
  return match === null ? '' : match[0];
}

const none: never[] = [];

function nodes(ctx: Children, key: string): CstNode[] {
  return (ctx[key] as CstNode[] | undefined) ?? none;
}

/** The real tokens under `key`: tokens inserted by recovery are not in the file. */
function tokens(ctx: Children, key: string): IToken[] {
  const all = (ctx[key] as IToken[] | undefined) ?? none;
  return all.some(isInserted) ? all.filter((token) => !isInserted(token)) : all;
}

function isInserted(token: IToken): boolean {
  return token.isInsertedInRecovery === true;
}

function token(ctx: Children, key: string): IToken | undefined {
  const first = ctx[key]?.[0] as IToken | undefined;
  return first === undefined || isInserted(first) ? undefined : first;
}

/** Builds the AST from a parse tree; diagnostics only the builder can see go to `context.diagnostics`. */
export function buildAst(cst: CstNode, context: BuildContext): ast.SpecFile {
  return new AstBuilder(context).build(cst);
}
