// Finds one string member of a JSON object in the first bytes of a body that has not been read to
// its end, without parsing the rest: PagerDuty's routing_key is the sender's credential, and a
// stranger's megabytes must not be read, let alone parsed, before it is checked.

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

function skipWhitespace(text: string, at: number): number {
  let i = at;
  while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  return i;
}

/** The index just past the string that opens at `at` (a '"'), or -1 when the text ends first. */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** The index just past the value that starts at `at`, or -1 when the text ends inside it. Not recursive: depth costs nothing. */
function valueEnd(text: string, at: number): number {
  const first = text[at];
  if (first === '"') return stringEnd(text, at);
  if (first !== '{' && first !== '[') {
    let i = at;
    while (i < text.length && !WHITESPACE.has(text[i]!) && text[i] !== ',' && text[i] !== '}' && text[i] !== ']') i++;
    return i < text.length && i > at ? i : -1;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function decodeString(literal: string): string | undefined {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The string value of member `name` of the top-level object that `head` begins, if it appears
 * (complete) in `head`; undefined when it does not, when its value is not a string, or when the
 * text stops being an object first. Other members are skipped over without being decoded. The
 * first occurrence counts: the caller checks the full parse agrees once the body is read.
 */
export function topLevelString(head: string, name: string): string | undefined {
  let i = skipWhitespace(head, head.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (head[i] !== '{') return undefined;
  i++;
  for (;;) {
    i = skipWhitespace(head, i);
    if (head[i] !== '"') return undefined;
    const keyEnd = stringEnd(head, i);
    if (keyEnd < 0) return undefined;
    const key = decodeString(head.slice(i, keyEnd));
    i = skipWhitespace(head, keyEnd);
    if (head[i] !== ':') return undefined;
    i = skipWhitespace(head, i + 1);
    const end = valueEnd(head, i);
    if (end < 0) return undefined;
    if (key === name) return head[i] === '"' ? decodeString(head.slice(i, end)) : undefined;
    i = skipWhitespace(head, end);
    if (head[i] !== ',') return undefined;
    i++;
  }
}
