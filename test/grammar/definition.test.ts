import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpecParser } from '../../grammar/parser.js';
import { createSpecLexer } from '../../grammar/tokens.js';

// The shared lexer and parser skip Chevrotain's definition checks to start faster; the checks run here instead.

test('the token definitions pass Chevrotain lexer validation', () => {
  const lexer = createSpecLexer({ validate: true });
  assert.equal(lexer.lexerDefinitionErrors, []);
});

test('the grammar passes Chevrotain self-analysis validation (ambiguity, left recursion, unreachable alternatives)', () => {
  // performSelfAnalysis throws "Parser Definition Errors detected" with every error listed.
  assert.not.throws(() => new SpecParser({ validate: true }));
});

test.run();
