import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ts } from 'ts-morph';
import { emitTrainer } from '../../compiler/emit/index.js';
import { fixtureIR } from './fixture-ir.js';
import { hostile, hostileIR } from './hostile.js';

const text = emitTrainer(hostileIR());
const file = ts.createSourceFile('hostile.ts', text, ts.ScriptTarget.ES2022, true);

function nodes(node: ts.Node): ts.Node[] {
  return [node, ...node.getChildren().flatMap(nodes)];
}

/** The string values of `program.spec`'s properties, and of `tf.model({ name })`, as TypeScript reads them. */
function stringProperty(object: ts.ObjectLiteralExpression, name: string): string | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText() === name && ts.isStringLiteral(property.initializer)) {
      return property.initializer.text;
    }
  }
  return undefined;
}

function objectProperty(object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralExpression {
  const found = object.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === name);
  if (!found || !ts.isPropertyAssignment(found) || !ts.isObjectLiteralExpression(found.initializer)) throw new Error(`no object property ${name}`);
  return found.initializer;
}

function programObject(): ts.ObjectLiteralExpression {
  const declaration = nodes(file).find((n): n is ts.VariableDeclaration => ts.isVariableDeclaration(n) && n.name.getText() === 'program');
  if (!declaration?.initializer || !ts.isObjectLiteralExpression(declaration.initializer)) throw new Error('no program object');
  return declaration.initializer;
}

test('the file parses without syntax errors', () => {
  const diagnostics = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS } }).diagnostics ?? [];
  assert.equal(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
});

test('no hostile text escapes a comment or a literal into code', () => {
  const identifiers = nodes(file).filter((n) => ts.isIdentifier(n) && n.text === 'BREAKOUT');
  assert.is(identifiers.length, 0);
  const plain = ts.createSourceFile('plain.ts', emitTrainer(fixtureIR({ conditional: true })), ts.ScriptTarget.ES2022);
  assert.is(file.statements.length, plain.statements.length, 'the hostile file has other statements than the plain one');
});

test('titles, names and paths come out as literals holding exactly the given characters', () => {
  const program = objectProperty(programObject(), 'spec');
  assert.is(stringProperty(program, 'name'), hostile);
  assert.is(stringProperty(program, 'title'), hostile);
  assert.is(stringProperty(program, 'specPath'), `specs/${hostile}.gan`);
  assert.is(stringProperty(objectProperty(program, 'data'), 'path'), hostile);
  const modelNames = nodes(file)
    .filter((n): n is ts.CallExpression => ts.isCallExpression(n) && n.expression.getText() === 'tf.model')
    .map((call) => stringProperty(call.arguments[0] as ts.ObjectLiteralExpression, 'name'));
  assert.equal(modelNames, [hostile, hostile]);
});

test('the file survives UTF-8: lone surrogates are escaped, not written raw', () => {
  assert.is(Buffer.from(text, 'utf8').toString('utf8'), text);
  assert.ok(text.includes('中文 😀'), 'readable non-ASCII stays as it is');
});

test.run();
