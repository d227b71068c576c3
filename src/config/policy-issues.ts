import type { z } from 'zod';
import type { Finding } from './policy-path';

// Zod's issues in the words of the policy file: one finding per problem, each at its path.

/** Used for issues whose schema gave no message of its own. */
export const policyErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'missing (required)' : `expected ${issue.expected === 'object' ? 'a mapping' : issue.expected}, got ${describe(issue.input)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => String(v)).join(' | ')}, got ${describe(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array' ? `expected at least ${issue.minimum} item(s)` : `expected at least ${issue.minimum}`;
    default:
      return undefined;
  }
};

export function issueFindings(issues: readonly z.core.$ZodIssue[], schema: z.core.$ZodType): Finding[] {
  return issues.flatMap((issue): Finding[] => {
    const at = issue.path.filter((seg): seg is string | number => typeof seg !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, at);
      return issue.keys.map((key) => {
        const near = nearestKey(key, known);
        return { at: [...at, key], message: near ? `unknown key '${key}' (did you mean '${near}'?)` : `unknown key '${key}'` };
      });
    }
    return [{ at, message: issue.message }];
  });
}

/** The known key a typo most likely meant, when one is close enough. */
export function nearestKey(key: string, known: Iterable<string>): string | undefined {
  return [...known]
    .map((k) => ({ k, distance: editDistance(key.toLowerCase(), k) }))
    // Distance 0 happens when only another option of a union knows the key: no hint then.
    .filter((c) => c.distance > 0 && c.distance <= Math.max(1, Math.floor(c.k.length / 3)))
    .sort((a, b) => a.distance - b.distance)[0]?.k;
}

function describe(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Edits between two keys, a swap of neighbours counting as one (`emial` is one from `email`). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The keys an object at `path` accepts, found by walking the schema along the path (every option
 * of a union counts): the candidates for "did you mean …?".
 */
export function keysAt(schema: z.core.$ZodType, path: readonly (string | number)[]): Set<string> {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const next = (s: unknown, rest: readonly (string | number)[]) => keysAt(s as z.core.$ZodType, rest);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      if (path.length === 0) return new Set(Object.keys(shape));
      const child = typeof path[0] === 'string' ? shape[path[0]] : undefined;
      return child ? next(child, path.slice(1)) : new Set();
    }
    case 'array':
      return typeof path[0] === 'number' ? next(def.element, path.slice(1)) : new Set();
    case 'optional':
    case 'default':
    case 'nullable':
      return next(def.innerType, path);
    case 'pipe':
      return next(def.in, path);
    case 'union':
      return new Set((def.options as unknown[]).flatMap((o) => [...next(o, path)]));
    default:
      return new Set();
  }
}
