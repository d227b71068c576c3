/** Deeper than any real payload (Alertmanager's is five levels), far below what overflows a stack. */
export const MAX_JSON_DEPTH = 32;

type Holder = Record<string | number, unknown>;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
/** String.prototype.toWellFormed, which the TypeScript lib here does not declare yet. */
const wellFormed = (s: string): string => (LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATES, '\ufffd') : s);

/**
 * A parsed JSON value made safe to store, in place:
 * - everything nested deeper than `maxDepth` is replaced by a short note. JSON.parse takes 100,000
 *   nested arrays in its stride, but every recursive step after it (JSON.stringify when details are
 *   stored, a schema walk, a hash) overflows the stack; the sender would get a 503 and retry for
 *   ever and the page would never be stored. Cut here, the page is taken;
 * - lone UTF-16 surrogates (`"\ud800"` is valid JSON, not valid text) become U+FFFD, once, rather
 *   than whatever each database driver's encoder makes of them.
 * The walk recurses, but never deeper than `maxDepth`: it stops where it cuts, so it cannot
 * overflow either (and runs faster than a walk with a stack of its own).
 */
export function tidyJson(value: unknown, maxDepth = MAX_JSON_DEPTH): unknown {
  return tidy(value, 0, maxDepth, true);
}

/**
 * `JSON.parse(text)` made safe as by tidyJson. A lone surrogate can only come from a `\uD800`-style
 * escape or a surrogate already in the text, so when the text has neither (nearly every webhook) no
 * string needs checking, and only the depth is walked.
 */
export function parseTidyJson(text: string): unknown {
  return tidy(JSON.parse(text), 0, MAX_JSON_DEPTH, MAY_HOLD_SURROGATES.test(text));
}

const MAY_HOLD_SURROGATES = /\\u[dD][89a-fA-F]|[\ud800-\udfff]/;

/** `node` tidied; containers in place. Only containers, and strings when `fixStrings`, can change. */
function tidy(node: unknown, depth: number, maxDepth: number, fixStrings: boolean): unknown {
  if (typeof node === 'string') return fixStrings ? wellFormed(node) : node;
  if (typeof node !== 'object' || node === null) return node;
  if (depth >= maxDepth) return `[nested deeper than ${maxDepth} levels: not kept]`;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i];
      if (!changeable(item, fixStrings)) continue;
      const tidied = tidy(item, depth + 1, maxDepth, fixStrings);
      if (tidied !== item) node[i] = tidied;
    }
    return node;
  }
  const object = node as Holder;
  for (const key of Object.keys(object)) {
    const at = fixStrings ? wellFormed(key) : key;
    if (at !== key) {
      object[at] = object[key];
      delete object[key];
    }
    const item = object[at];
    if (!changeable(item, fixStrings)) continue;
    const tidied = tidy(item, depth + 1, maxDepth, fixStrings);
    if (tidied !== item) object[at] = tidied;
  }
  return node;
}

const changeable = (value: unknown, fixStrings: boolean): boolean => (typeof value === 'object' && value !== null) || (fixStrings && typeof value === 'string');
