import { LineCounter, parseDocument } from 'yaml';
import { issueFindings, policyErrorMap } from './policy-issues';
import { lintFindings } from './policy-lint';
import { overrideLimitFindings } from './policy-override-limits';
import { placeFindings, type PolicyProblem } from './policy-path';
import { referenceFindings } from './policy-references';
import { policySchema, type Policy } from './policy-schema';

export interface PolicyCheck {
  /** Present only when there are no errors. */
  readonly policy?: Policy;
  readonly errors: PolicyProblem[];
  readonly warnings: PolicyProblem[];
}

/**
 * Everything `tocsin config check` says about a policy file, gathered in one pass: YAML syntax,
 * then the schema and the cross-references together (so fixing one mistake never reveals the
 * next), then the paging-path warnings. `env` is only read to warn about unset `token_env`s;
 * `now` dates the limit on how far ahead an override may end (without it only lengths are judged).
 * Pure apart from its inputs: reading the file and printing are the caller's.
 */
export function checkPolicyText(text: string, env: Readonly<Record<string, string | undefined>>, options: { readonly now?: Date } = {}): PolicyCheck {
  const deep = tooDeep(text);
  if (deep) return { errors: [{ path: '', message: `line ${deep}: nested deeper than ${MAX_NESTING} levels; a policy file needs a handful`, line: deep }], warnings: [] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // Past a syntax error the tree is guesswork: report the syntax alone.
    return { errors: doc.errors.map((e) => syntaxProblem(e.message, e.pos[0], lines)), warnings: [] };
  }
  const yamlWarnings = doc.warnings.map((w) => syntaxProblem(w.message, w.pos[0], lines));
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { errors: [{ path: '', message: (e as Error).message }], warnings: yamlWarnings };
  }

  const parsed = policySchema.safeParse(raw, { error: policyErrorMap, reportInput: true });
  const schemaFindings = parsed.success ? overrideLimitFindings(parsed.data, options.now) : issueFindings(parsed.error.issues, policySchema);
  const errors = placeFindings([...schemaFindings, ...referenceFindings(raw)], doc, lines);
  const warnings = [...yamlWarnings, ...(parsed.success ? placeFindings(lintFindings(parsed.data, env), doc, lines) : [])];
  return errors.length === 0 && parsed.success ? { policy: parsed.data, errors, warnings } : { errors, warnings };
}

/**
 * The YAML parser recurses once per level. About a thousand levels overflow its stack, and once
 * that has happened V8 may abort the whole process (a fatal "RegExpCompiler Allocation failed" on
 * the next parse) instead of throwing, so such text is refused before it is parsed. The regexes
 * V8 fails to compile there are the YAML library's own, not route matchers (RE2, no V8 RegExp):
 * the guard stays, checked by parsing 100,000 `[` without it. Counted
 * generously: flow brackets anywhere (quoted ones too), and a line's indentation with the
 * `-`, `?` and `:` markers in front of its first scalar.
 */
const MAX_NESTING = 100;

function tooDeep(text: string): number | undefined {
  let flow = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^[\s?:-]*/.exec(line)![0].length > MAX_NESTING * 2) return i + 1;
    for (const ch of line) {
      if (ch === '[' || ch === '{') flow++;
      else if ((ch === ']' || ch === '}') && flow > 0) flow--;
      if (flow > MAX_NESTING) return i + 1;
    }
  }
  return undefined;
}

function syntaxProblem(message: string, offset: number, lines: LineCounter): PolicyProblem {
  const { line, col } = lines.linePos(offset);
  return { path: '', message: `line ${line}, column ${col}: ${message}`, line };
}
