/** Slack's limit on channel names. */
const MAX_NAME = 80;

/** Title → `disk-full-on-db-1`: lowercase ASCII letters, digits and hyphens, accents folded. */
export function slugOf(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `inc-42-disk-full` by Slack's rules (lowercase, `[a-z0-9_-]`, at most 80). `attempt` > 1 adds a
 * suffix after a `name_taken` (an archived channel keeps its name): `inc-42-disk-full-2`. The slug
 * is cut, never the number or the suffix, and never leaves a trailing hyphen.
 */
export function incidentChannelName(prefix: string | undefined, number: number, title: string, attempt = 1): string {
  const clean = prefix !== undefined && /^[a-z0-9][a-z0-9_-]*$/.test(prefix) ? prefix : slugOf(prefix ?? '') || 'inc';
  const base = `${clean.slice(0, 40)}-${number}`;
  const suffix = attempt > 1 ? `-${attempt}` : '';
  const room = MAX_NAME - base.length - suffix.length - 1;
  const slug = slugOf(title).slice(0, Math.max(0, room)).replace(/-+$/, '');
  return `${base}${slug ? `-${slug}` : ''}${suffix}`;
}
