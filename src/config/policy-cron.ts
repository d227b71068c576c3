/**
 * Syntax check for the five-field cron expressions of `summaries[].cron` (minute hour
 * day-of-month month day-of-week), the dialect node-cron and Vixie cron share: `*`, numbers,
 * ranges `a-b`, steps `/n`, lists `a,b`, and three-letter month and weekday names.
 * The scheduler adapter owns running them; this only tells a user what is wrong before it does.
 */

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // 0 and 7 are both Sunday.
  { name: 'day of week', min: 0, max: 7, names: DAYS },
];

/** Undefined when the expression is valid; otherwise what is wrong with it, in words. */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    return `expected 5 fields (minute hour day-of-month month day-of-week), like "0 9 * * mon"; got ${parts.length}`;
  }
  for (const [i, field] of FIELDS.entries()) {
    const problem = fieldProblem(parts[i], field);
    if (problem) return `${field.name} field '${parts[i]}': ${problem}`;
  }
  return undefined;
}

function fieldProblem(text: string, field: CronField): string | undefined {
  for (const item of text.split(',')) {
    const [range, step, ...extra] = item.split('/');
    if (extra.length > 0 || (step !== undefined && !/^[1-9]\d*$/.test(step))) return `bad step in '${item}'`;
    if (range === '*') continue;
    const [from, to, ...more] = range.split('-');
    if (more.length > 0) return `bad range '${range}'`;
    const a = valueOf(from, field);
    const b = to === undefined ? a : valueOf(to, field);
    if (a === undefined || b === undefined) return `expected ${field.min}-${field.max}${field.names ? ` or ${field.names[0]}..${field.names.at(-1)}` : ''} in '${item}'`;
    if (a > b) return `range '${range}' runs backwards`;
  }
  return undefined;
}

function valueOf(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (index < 0) return undefined;
  return field.names === MONTHS ? index + 1 : index;
}
