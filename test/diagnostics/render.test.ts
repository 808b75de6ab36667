import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import { renderDiagnostics } from '../../diagnostics/render.js';

/**
 * The caret must sit under the text it points at, however the line is indented or what it holds.
 * Each spec here is a fragment: its one diagnostic besides the missing statements is rendered.
 */
function render(text: string): string {
  const { diagnostics } = checkSource(text, 'x.gan');
  const problem = diagnostics.filter((d) => d.code !== 'GAN0206');
  assert.is(problem.length, 1, JSON.stringify(diagnostics.map((d) => d.code)));
  return renderDiagnostics(problem, new Map([['x.gan', { path: 'x.gan', text }]]));
}

/** The source line and the caret line of a rendered diagnostic, without the gutter. */
function lineAndCaret(rendered: string): [string, string] {
  const lines = rendered.split('\n');
  const source = lines.findIndex((line) => /^\s*\d+ \| /.test(line));
  const strip = (line: string) => line.replace(/^\s*\d* \| ?/, '');
  return [strip(lines[source]), strip(lines[source + 1])];
}

const caretColumn = (caret: string) => caret.indexOf('^');

test('tab-indented lines: tabs expand to the same stops in the line and under it', () => {
  for (const written of ['\tbatch = "x")', '\t\tbatch = "x")', ' \tbatch = "x")', '\t  batch = "x")', 'batch =\t"x")', '\tbatch = \t"x")']) {
    const [line, caret] = lineAndCaret(render(`data mnist(\n${written}\n`));
    assert.not.match(line, '\t');
    assert.is(line.slice(caretColumn(caret), caretColumn(caret) + 3), '"x"', JSON.stringify(written));
    assert.is(caret.trimEnd().endsWith('^^^') || caret.includes('^^^ '), true);
  }
});

test('a byte order mark takes no room; control characters show as one mark each', () => {
  const [bomLine, bomCaret] = lineAndCaret(render('\ufeffdata mnist(batch = "x")\n'));
  assert.is(bomLine.slice(caretColumn(bomCaret), caretColumn(bomCaret) + 3), '"x"');
  const [line, caret] = lineAndCaret(render('data mnist(\u0007batch = "x")\n'));
  assert.not.match(line, '\u0007');
  assert.is(line.slice(caretColumn(caret), caretColumn(caret) + 1), '\ufffd');
});

test('lone carriage returns break lines for the renderer as they do for the lexer', () => {
  const rendered = render('data mnist(batch = 64)\rlatent normal(size = "x")\r');
  assert.match(rendered, /--> x\.gan:2:22/);
  const [line, caret] = lineAndCaret(rendered);
  assert.is(line, 'latent normal(size = "x")');
  assert.is(caretColumn(caret), 21);
});

test('a very long line is shown as a window around each span, cut with `...`, the caret still under it', () => {
  const text = `data mnist(${'x'.repeat(200_000)} = 1, batch = "x")\n`;
  const found = checkSource(text, 'x.gan').diagnostics.filter((d) => d.code !== 'GAN0206');
  assert.equal(found.map((d) => d.code), ['GAN0301', 'GAN0302']);
  const blocks = found.map((d) => lineAndCaret(renderDiagnostics([d], new Map([['x.gan', { path: 'x.gan', text }]]))));
  for (const [line] of blocks) assert.ok(line.length < 200, `${line.length} characters shown`);
  const [nameLine, nameCaret] = blocks[0];
  assert.ok(nameLine.startsWith('data mnist(xxx') && nameLine.endsWith('...'));
  assert.is(caretColumn(nameCaret), 'data mnist('.length);
  const [typeLine, typeCaret] = blocks[1];
  assert.ok(typeLine.startsWith('...'));
  assert.is(typeLine.slice(caretColumn(typeCaret), caretColumn(typeCaret) + 3), '"x"');
});

test.run();
