import { DEFAULT_MAX_OVERRIDE_MS, overrideSpanProblem } from '../domain/access/access-rules';
import type { Finding } from './policy-path';
import type { Policy } from './policy-schema';

/**
 * Overrides in the file obey the same limits as overrides made in chat: at most
 * `access.max_override` long, ending at most a year after `now` (when the caller knows the time:
 * `config check`, `apply` and the server's start all pass it).
 */
export function overrideLimitFindings(policy: Policy, now: Date | undefined): Finding[] {
  const rules = { maxOverrideMs: policy.access?.max_override?.ms ?? DEFAULT_MAX_OVERRIDE_MS };
  const findings: Finding[] = [];
  policy.overrides.forEach((o, i) => {
    const span = { start: new Date(o.start), end: new Date(o.end) };
    // Without a clock only the length is judged: a start far in the future puts the end in range.
    const problem = overrideSpanProblem(rules, span, now ?? span.start);
    if (problem) findings.push({ at: ['overrides', i, 'end'], message: problem });
  });
  return findings;
}
