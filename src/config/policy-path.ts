import { isMap, isNode, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { Problem } from '../domain/problem';

/** Where a problem is in the file, as keys and list indexes: `['rotations', 1, 'handoff', 'time']`. */
export type PolicyPath = readonly (string | number)[];

/** A problem before it is placed: the checks speak in paths, `placeFindings` adds text and line. */
export interface Finding {
  readonly at: PolicyPath;
  readonly message: string;
}

/** A problem in the policy file; `line` (1-based) when the path could be found in the text. */
export interface PolicyProblem extends Problem {
  readonly line?: number;
}

/** `['rotations', 1, 'handoff', 'time']` → `rotations[1].handoff.time`. */
export function formatPath(at: PolicyPath): string {
  return at.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

/**
 * Turns findings into problems with the line each one points at. A path that does not exist in
 * the text (a missing key) points at its nearest existing parent. Sorted by line, so a user
 * reads them top to bottom; problems the text cannot place come last.
 */
export function placeFindings(findings: readonly Finding[], doc: Document, lines: LineCounter): PolicyProblem[] {
  const placed = findings.map((f) => {
    const line = lineOf(f.at, doc, lines);
    return line === undefined ? { path: formatPath(f.at), message: f.message } : { path: formatPath(f.at), message: f.message, line };
  });
  return placed
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.i - b.i)
    .map(({ p }) => p);
}

function lineOf(at: PolicyPath, doc: Document, lines: LineCounter): number | undefined {
  for (let n = at.length; n >= 0; n--) {
    const offset = startOf(at.slice(0, n), doc);
    if (offset !== undefined) return lines.linePos(offset).line;
  }
  return undefined;
}

/** Where the entry at `at` starts: a mapping entry at its key (so `key:` with its value on the next lines is found), a list item at itself. */
function startOf(at: PolicyPath, doc: Document): number | undefined {
  if (at.length === 0) return isNode(doc.contents) ? doc.contents.range?.[0] : undefined;
  const parent = at.length === 1 ? doc.contents : doc.getIn(at.slice(0, -1), true);
  const last = at[at.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last);
    return isNode(pair?.key) ? pair.key.range?.[0] : undefined;
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last];
    return isNode(item) ? item.range?.[0] : undefined;
  }
  return undefined;
}
