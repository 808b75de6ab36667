/** An escape the JSON rules do not allow, at `index` in the token's text. */
export interface InvalidEscape {
  index: number;
  text: string;
}

export interface DecodedString {
  value: string;
  invalidEscapes: InvalidEscape[];
}

const simpleEscapes: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * The value of a string token (`"a\"b"` -> `a"b`) under JSON's escape rules. An invalid
 * escape is reported and kept as written. `terminated` is false for a string the line
 * ended before closing: it has no closing quote to drop.
 */
export function decodeStringToken(image: string, terminated: boolean): DecodedString {
  const end = terminated ? image.length - 1 : image.length;
  const invalidEscapes: InvalidEscape[] = [];
  let value = '';
  let index = 1;
  while (index < end) {
    const char = image[index];
    if (char !== '\\') {
      value += char;
      index += 1;
      continue;
    }
    const next = image[index + 1];
    if (next === undefined || index + 1 >= end) {
      // A lone backslash at the end of an unterminated string: that error already covers it.
      value += char;
      index += 1;
    } else if (next in simpleEscapes) {
      value += simpleEscapes[next];
      index += 2;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(image.slice(index + 2, index + 6)) && index + 6 <= end) {
      value += String.fromCharCode(parseInt(image.slice(index + 2, index + 6), 16));
      index += 6;
    } else {
      const text = next === 'u' ? image.slice(index, Math.min(index + 6, end)) : image.slice(index, index + 2);
      invalidEscapes.push({ index, text });
      value += text;
      index += text.length;
    }
  }
  return { value, invalidEscapes };
}
