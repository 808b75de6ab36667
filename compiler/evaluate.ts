import type { Argument, ConstStatement, Expression, Identifier } from '../grammar/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import { didYouMean, valueAliasHelp } from './suggest.js';

/**
 * An evaluated expression. Constants are substituted and arithmetic done; a bare name that is
 * no constant stays a `symbol` (an enum-like option value such as `same`, judged by the
 * option's schema); a call stays unevaluated because only its context knows what it calls
 * (a schedule, a wrapped layer). Every value keeps the span of the text it came from.
 */
export type Value =
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'boolean'; value: boolean; span: Span }
  | { kind: 'symbol'; name: string; span: Span }
  | { kind: 'list'; items: Value[]; span: Span }
  | { kind: 'call'; callee: Identifier; args: Argument[]; span: Span };

type ConstantState = { state: 'pending' } | { state: 'evaluating' } | { state: 'done'; value: Value | undefined };

/**
 * The spec's constants, evaluated on first use (statements may come in any order), with
 * cycles reported once. Tracks which constants are used, for the unused-constant warning.
 */
export class Evaluator {
  private readonly definitions = new Map<string, ConstStatement>();
  private readonly states = new Map<string, ConstantState>();
  private readonly used = new Set<string>();

  constructor(
    constants: readonly ConstStatement[],
    private readonly diagnostics: Diagnostic[],
  ) {
    for (const statement of constants) {
      if (statement.name === undefined || this.definitions.has(statement.name.name)) continue;
      this.definitions.set(statement.name.name, statement);
      this.states.set(statement.name.name, { state: 'pending' });
    }
  }

  constantNames(): string[] {
    return [...this.definitions.keys()];
  }

  isUsed(name: string): boolean {
    return this.used.has(name);
  }

  /** Evaluates every constant, so errors in unused ones are reported too. */
  evaluateAllConstants(): void {
    for (const name of this.dependencyOrder()) this.constantValue(name);
  }

  /**
   * The constants, each after the constants it uses, by a depth-first walk with its own stack:
   * a chain of thousands of constants written last-first must not recurse. A constant the walk
   * reaches again while still inside it closes a cycle: it is reported and fails there, so
   * evaluating in this order never goes more than one constant deep.
   */
  private dependencyOrder(): string[] {
    const order: string[] = [];
    const seen = new Set<string>();
    const inside = new Set<string>();
    const path: { name: string; uses: string[]; next: number }[] = [];
    const enter = (name: string) => {
      seen.add(name);
      inside.add(name);
      path.push({ name, uses: this.constantsUsedBy(name), next: 0 });
    };
    for (const root of this.definitions.keys()) {
      if (!seen.has(root)) enter(root);
      while (path.length > 0) {
        const top = path[path.length - 1];
        if (top.next < top.uses.length) {
          const used = top.uses[top.next++];
          if (inside.has(used)) this.reportCycle(used);
          else if (!seen.has(used)) enter(used);
        } else {
          path.pop();
          inside.delete(top.name);
          order.push(top.name);
        }
      }
    }
    return order;
  }

  /**
   * The constants a constant's expression names, each marked used (as evaluating it would: a
   * constant that fails on a cycle is never evaluated). Calls are not evaluated in constants, so
   * their arguments do not count.
   */
  private constantsUsedBy(name: string): string[] {
    const used = new Set<string>();
    const pending: Expression[] = [];
    const value = this.definitions.get(name)?.value;
    if (value !== undefined) pending.push(value);
    for (let expression = pending.pop(); expression !== undefined; expression = pending.pop()) {
      if (expression.kind === 'name' && this.definitions.has(expression.name)) used.add(expression.name);
      else if (expression.kind === 'unary') pending.push(expression.operand);
      else if (expression.kind === 'binary') pending.push(expression.right, expression.left);
      else if (expression.kind === 'list') pending.push(...expression.items);
    }
    for (const constant of used) this.used.add(constant);
    return [...used];
  }

  private reportCycle(name: string): void {
    const statement = this.definitions.get(name);
    if (statement === undefined || this.states.get(name)?.state === 'done') return;
    this.diagnostics.push(
      diagnostic('constantCycle', statement.name?.span ?? statement.span, `constant \`${name}\` is defined in terms of itself`, {
        label: 'refers back to itself',
        help: 'give the constant a value that does not depend on it',
      }),
    );
    this.states.set(name, { state: 'done', value: undefined });
  }

  /** Evaluates an expression; undefined when it has an error (already reported). */
  evaluate(expression: Expression): Value | undefined {
    switch (expression.kind) {
      case 'number':
        if (!Number.isFinite(expression.value)) {
          this.reportOverflow(expression.span, `the number \`${abbreviate(expression.raw)}\` is too large`, 'too large');
          return undefined;
        }
        return { kind: 'number', value: expression.value, span: expression.span };
      case 'string':
        return { kind: 'string', value: expression.value, span: expression.span };
      case 'boolean':
        return { kind: 'boolean', value: expression.value, span: expression.span };
      case 'name': {
        if (!this.definitions.has(expression.name)) return { kind: 'symbol', name: expression.name, span: expression.span };
        this.used.add(expression.name);
        const value = this.constantValue(expression.name);
        return value === undefined ? undefined : respan(value, expression.span);
      }
      case 'list': {
        const items: Value[] = [];
        let failed = false;
        for (const item of expression.items) {
          const value = this.evaluate(item);
          if (value === undefined) failed = true;
          else items.push(value);
        }
        return failed ? undefined : { kind: 'list', items, span: expression.span };
      }
      case 'call':
        return { kind: 'call', callee: expression.callee, args: expression.args, span: expression.span };
      case 'unary':
        return this.negation(expression);
      case 'binary':
        return this.arithmeticChain(expression);
    }
  }

  /** `- - x`: a loop, not one call per sign, so a long run of signs cannot exhaust the stack. */
  private negation(expression: Extract<Expression, { kind: 'unary' }>): Value | undefined {
    let signs = 0;
    let operand: Expression = expression;
    while (operand.kind === 'unary') {
      signs += 1;
      operand = operand.operand;
    }
    const value = this.number(operand, '-');
    return value === undefined ? undefined : { kind: 'number', value: signs % 2 === 0 ? value : -value, span: expression.span };
  }

  /**
   * `a op b op c ...` is a left-leaning tree as deep as the chain is long (3,400 terms is a
   * plausible generated spec): walked down its left edge in a loop, then applied left to right,
   * so recursion only goes as deep as the parentheses do. Every operand is evaluated, so each
   * of its errors is reported; a step that divides by zero or overflows is reported once.
   */
  private arithmeticChain(expression: Extract<Expression, { kind: 'binary' }>): Value | undefined {
    const steps: Extract<Expression, { kind: 'binary' }>[] = [];
    let leftmost: Expression = expression;
    while (leftmost.kind === 'binary') {
      steps.push(leftmost);
      leftmost = leftmost.left;
    }
    let result = this.number(leftmost, steps[steps.length - 1].operator);
    for (let i = steps.length - 1; i >= 0; i -= 1) {
      const step = steps[i];
      const right = this.number(step.right, step.operator);
      if (result === undefined || right === undefined) {
        result = undefined;
        continue;
      }
      if (step.operator === '/' && right === 0) {
        this.diagnostics.push(
          diagnostic('divisionByZero', step.right.span, 'division by zero', {
            label: 'this is 0',
            help: 'divide by a non-zero number',
          }),
        );
        result = undefined;
        continue;
      }
      result = arithmetic(step.operator, result, right);
      if (!Number.isFinite(result)) {
        this.reportOverflow(step.span, 'this arithmetic overflows', 'result too large');
        result = undefined;
      }
    }
    return result === undefined ? undefined : { kind: 'number', value: result, span: expression.span };
  }

  private reportOverflow(span: Span, message: string, label: string): void {
    this.diagnostics.push(
      diagnostic('numberOutOfRange', span, `${message}: numbers must lie within ±1.8e308`, {
        label,
        help: 'use a smaller number',
      }),
    );
  }

  /** Evaluates an operand of arithmetic: it must be a number. */
  private number(expression: Expression | undefined, operator: string): number | undefined {
    if (expression === undefined) return undefined;
    const value = this.evaluate(expression);
    if (value === undefined) return undefined;
    if (value.kind === 'number') return value.value;
    if (value.kind === 'symbol') {
      this.reportUndefined(value.name, value.span);
      return undefined;
    }
    this.diagnostics.push(
      diagnostic('invalidOperand', value.span, `\`${operator}\` needs numbers, found ${describeValue(value)}`, {
        label: 'not a number',
        help: 'arithmetic works on numbers and numeric constants only',
      }),
    );
    return undefined;
  }

  /** Reports a bare name that is no constant where only a constant could stand. */
  reportUndefined(name: string, span: Span, otherCandidates: readonly string[] = []): void {
    const candidates = [...this.constantNames(), ...otherCandidates];
    const suggestion = valueAliasHelp(name) ?? didYouMean(name, candidates);
    const help =
      suggestion ??
      (this.definitions.size > 0 ? `defined constants: ${this.constantNames().join(', ')}` : `define it: \`const ${name} = ...\``);
    this.diagnostics.push(diagnostic('undefinedName', span, `undefined name \`${name}\``, { label: 'not defined', help }));
  }

  private constantValue(name: string): Value | undefined {
    const state = this.states.get(name);
    const statement = this.definitions.get(name);
    if (state === undefined || statement === undefined) return undefined;
    if (state.state === 'done') return state.value;
    if (state.state === 'evaluating') {
      this.reportCycle(name);
      return undefined;
    }
    this.states.set(name, { state: 'evaluating' });
    const value = statement.value === undefined ? undefined : this.constantExpression(statement.value);
    const after = this.states.get(name);
    // A cycle through this constant has already marked it failed.
    if (after?.state === 'done') return after.value;
    this.states.set(name, { state: 'done', value });
    return value;
  }

  /** A constant's value: a plain value, never an enum-like word or a call. */
  private constantExpression(expression: Expression): Value | undefined {
    const value = this.evaluate(expression);
    if (value === undefined) return undefined;
    const problem = findNonConstant(value);
    if (problem?.kind === 'symbol') {
      this.reportUndefined(problem.name, problem.span);
      return undefined;
    }
    if (problem?.kind === 'call') {
      this.diagnostics.push(
        diagnostic('unexpectedCall', problem.span, `a constant cannot hold the call \`${problem.callee.name}(...)\``, {
          label: 'a call',
          help: 'constants hold numbers, strings, booleans or lists of them',
        }),
      );
      return undefined;
    }
    return value;
  }
}

function findNonConstant(value: Value): Extract<Value, { kind: 'symbol' | 'call' }> | undefined {
  if (value.kind === 'symbol' || value.kind === 'call') return value;
  if (value.kind === 'list') {
    for (const item of value.items) {
      const found = findNonConstant(item);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function arithmetic(operator: '+' | '-' | '*' | '/', left: number, right: number): number {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
  }
}

/** A long numeral in a message: its first digits and its length. */
function abbreviate(raw: string): string {
  return raw.length <= 24 ? raw : `${raw.slice(0, 12)}... (${raw.length} characters)`;
}

/** A constant's value seen at the place it is used: errors about it point at the use. */
function respan(value: Value, span: Span): Value {
  if (value.kind === 'list') return { ...value, span, items: value.items.map((item) => respan(item, span)) };
  return { ...value, span };
}

/** "the string "abc"", "the list [1, 2]", "3.5", for messages. */
export function describeValue(value: Value): string {
  switch (value.kind) {
    case 'number':
      return formatNumber(value.value);
    case 'string':
      return `the string ${JSON.stringify(value.value)}`;
    case 'boolean':
      return `\`${value.value}\``;
    case 'symbol':
      return `the name \`${value.name}\``;
    case 'list':
      return `the list ${formatValue(value)}`;
    case 'call':
      return `the call \`${value.callee.name}(...)\``;
  }
}

/** A value printed as it would be written. */
function formatValue(value: Value): string {
  switch (value.kind) {
    case 'number':
      return formatNumber(value.value);
    case 'string':
      return JSON.stringify(value.value);
    case 'boolean':
      return String(value.value);
    case 'symbol':
      return value.name;
    case 'list':
      return `[${value.items.map(formatValue).join(', ')}]`;
    case 'call':
      return `${value.callee.name}(...)`;
  }
}

/** A number for messages: computed values such as `100 / 3` shown to 6 significant digits. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}
