/**
 * Finds where malformed JSON goes wrong, as line/column (1-based) and byte-independent
 * character offset, without echoing any of the body (it may hold a card number or PII).
 * Only used after JSON.parse has failed. Iterative, so deep nesting cannot overflow the stack.
 */
export type TJsonErrorLocation = { offset: number; line: number; column: number; expected: string };

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// JSON forbids raw control characters inside strings (RFC 8259 §7), so the class must name them.
// eslint-disable-next-line no-control-regex
const STRING_RE = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

function position(text: string, offset: number, expected: string): TJsonErrorLocation {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { offset, line, column, expected };
}

function matchAt(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/** null when the text is valid JSON. */
export function locateJsonError(text: string): TJsonErrorLocation | null {
  const stack: Array<'{' | '['> = [];
  let i = 0;
  const skip = () => {
    while (i < text.length && WS.has(text[i] as string)) i += 1;
  };
  // state: 'value' expects a value; 'after' expects , or a closer; 'key' expects a string key (or } when first)
  let state: 'value' | 'after' | 'key' | 'firstKey' | 'firstValue' = 'value';
  for (;;) {
    skip();
    const c = text[i];
    if (state === 'value' || state === 'firstValue') {
      if (state === 'firstValue' && c === ']') { stack.pop(); i += 1; state = 'after'; continue; }
      if (c === '{') { stack.push('{'); i += 1; state = 'firstKey'; continue; }
      if (c === '[') { stack.push('['); i += 1; state = 'firstValue'; continue; }
      let end = -1;
      if (c === '"') end = matchAt(STRING_RE, text, i);
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) end = matchAt(NUMBER_RE, text, i);
      else for (const lit of ['true', 'false', 'null']) if (text.startsWith(lit, i)) end = i + lit.length;
      if (end < 0) return position(text, i, c === undefined ? 'a value (the body ended early)' : 'a value');
      i = end;
      state = 'after';
      continue;
    }
    if (state === 'key' || state === 'firstKey') {
      if (state === 'firstKey' && c === '}') { stack.pop(); i += 1; state = 'after'; continue; }
      const end = c === '"' ? matchAt(STRING_RE, text, i) : -1;
      if (end < 0) return position(text, i, 'a property name in double quotes');
      i = end;
      skip();
      if (text[i] !== ':') return position(text, i, "':' after the property name");
      i += 1;
      state = 'value';
      continue;
    }
    // state === 'after'
    const top = stack[stack.length - 1];
    if (top === undefined) return c === undefined ? null : position(text, i, 'the end of the body');
    if (c === ',') { i += 1; state = top === '{' ? 'key' : 'value'; continue; }
    if ((top === '{' && c === '}') || (top === '[' && c === ']')) { stack.pop(); i += 1; continue; }
    return position(text, i, top === '{' ? "',' or '}'" : "',' or ']'");
  }
}
