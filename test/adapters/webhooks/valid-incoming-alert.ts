import { isSeverity } from '../../../src/domain/incident/severity';

/** The problems with a value that claims to be an IncomingAlert; empty when it is a valid one. */
export function incomingAlertProblems(alert: unknown): string[] {
  if (typeof alert !== 'object' || alert === null) return ['not an object'];
  const a = alert as Record<string, unknown>;
  const problems: string[] = [];
  const nonBlank = (key: string) => typeof a[key] === 'string' && (a[key] as string).trim() !== '';
  for (const key of ['groupKey', 'fingerprint', 'title']) if (!nonBlank(key)) problems.push(`${key} is not a non-blank string`);
  if (!['trigger', 'acknowledge', 'resolve'].includes(a.action as string)) problems.push('action');
  if (a.severity !== undefined && !(typeof a.severity === 'string' && isSeverity(a.severity))) problems.push('severity');
  const labels = a.labels;
  if (!isPlainObject(labels) || Object.values(labels).some((v) => typeof v !== 'string')) problems.push('labels');
  if (!isPlainObject(a.details)) problems.push('details');
  const links = a.links;
  const badLink = (l: unknown) =>
    !isPlainObject(l) || typeof l.title !== 'string' || typeof l.url !== 'string' || !/^https?:$/.test(URL.canParse(l.url) ? new URL(l.url).protocol : '');
  if (!Array.isArray(links) || links.some(badLink)) problems.push('links');
  for (const key of ['startsAt', 'endsAt']) if (a[key] !== undefined && typeof a[key] !== 'string') problems.push(key);
  return problems;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}
