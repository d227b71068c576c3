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
 * Iterative, so the walk itself cannot overflow.
 */
export function tidyJson(value: unknown, maxDepth = MAX_JSON_DEPTH): unknown {
  const root: Holder = { v: value };
  const stack: { holder: Holder; key: string | number; depth: number }[] = [{ holder: root, key: 'v', depth: 0 }];
  while (stack.length > 0) {
    const { holder, key, depth } = stack.pop()!;
    const node = holder[key];
    if (typeof node === 'string') {
      holder[key] = wellFormed(node);
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= maxDepth) {
      holder[key] = `[nested deeper than ${maxDepth} levels: not kept]`;
      continue;
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) stack.push({ holder: node as unknown as Holder, key: i, depth: depth + 1 });
      continue;
    }
    const object = node as Holder;
    for (const k of Object.keys(object)) {
      const at = wellFormed(k);
      if (at !== k) {
        object[at] = object[k];
        delete object[k];
      }
      stack.push({ holder: object, key: at, depth: depth + 1 });
    }
  }
  return root.v;
}
