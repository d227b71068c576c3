import { parseSeverity, type Severity } from '../../domain/incident/severity';

/** The words monitoring tools use for how bad a thing is, mapped onto sev1..sev4. */
const WORDS: ReadonlyMap<string, Severity> = new Map(Object.entries({
  critical: 'sev1',
  crit: 'sev1',
  page: 'sev1',
  fatal: 'sev1',
  emergency: 'sev1',
  error: 'sev2',
  high: 'sev2',
  major: 'sev2',
  warning: 'sev3',
  warn: 'sev3',
  medium: 'sev3',
  minor: 'sev3',
  info: 'sev4',
  informational: 'sev4',
  low: 'sev4',
} as const));

/**
 * `critical`/`page` → sev1, `error`/`high` → sev2, `warning` → sev3, `info` → sev4, `sevN` as is,
 * priorities `P1`..`P5` (P5 folds into sev4). Anything else: undefined, and the routes decide.
 */
export function severityFromWord(word: string | undefined): Severity | undefined {
  if (word === undefined) return undefined;
  const w = word.trim().toLowerCase();
  const priority = /^p([1-5])$/.exec(w);
  if (priority) return parseSeverity(String(Math.min(Number(priority[1]), 4)));
  return WORDS.get(w) ?? parseSeverity(w);
}
