import type { Origin } from '../ir.js';
import { unicodeEscape } from '../lowering/literal.js';

/**
 * Comment text from the spec. A line break would end a `//` comment and `*\/` would end a block
 * comment, letting spec text become code; both are written as visible escapes instead.
 */
const breaksComment =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function commentText(text: string): string {
  return text
    .replace(breaksComment, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : unicodeEscape(c)))
    .replace(/\*\//g, '*\\/');
}

/** The spec file's name without its folders, as comments cite it (`seed_a_mlp.gan:10`). */
export function specFileName(sourcePath: string): string {
  const parts = sourcePath.split(/[\\/]/);
  return parts[parts.length - 1] || sourcePath;
}

/**
 * A spec line without its trailing `#` or `//` comment, so a citation shows the code alone.
 * Double-quoted strings (JSON escapes) are skipped: a `#` inside one is text.
 */
export function withoutSpecComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '#' || (c === '/' && line[i + 1] === '/')) {
      return line.slice(0, i).trimEnd();
    }
  }
  return line;
}

/**
 * Cites a spec line for a comment: `seed_a_mlp.gan:10 dense(128)`, already comment-safe. A part
 * the spec leaves out (line 0) is cited as defaults.
 */
export function citation(fileName: string, origin: Origin): string {
  if (origin.line === 0) return commentText(`defaults, not written in ${fileName}`);
  return commentText(`${fileName}:${origin.line} ${withoutSpecComment(origin.text)}`);
}
