import { whenText } from '../../app/commands/when-text';
import { formatDuration } from '../../domain/time/duration';

// Slack mrkdwn helpers, pure. Everything a user or a monitoring source wrote goes through
// `escapeText`: an alert titled `<!channel> disk full` must not ping the whole channel.

/** Slack's three control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A mrkdwn text object with Slack's automatic parsing off (`verbatim`): a bare URL, `#channel` or
 * `@here` in escaped text stays text, while the `<@U…>` and `<url|title>` Tocsin writes still work.
 */
export function mrkdwnText(text: string): { readonly type: 'mrkdwn'; readonly text: string; readonly verbatim: true } {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** A message as chat.postMessage / chat.update take it: fallback text (notifications) and blocks. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks?: readonly Record<string, unknown>[];
}

/** A person as the renderers show them: a Slack mention when their Slack id is known, else their name. */
export interface Who {
  readonly id: string;
  readonly name?: string;
  readonly slackId?: string;
}

export function whoText(who: Who): string {
  return who.slackId ? `<@${who.slackId}>` : escapeText(who.name ?? who.id);
}

/** For plain-text places (topics, headers) where mentions do not render. */
export function whoPlain(who: Who): string {
  return who.name ?? who.id;
}

/**
 * `@dana` and `@U02DANA` in app-written lines become Slack mentions for people whose Slack id is
 * known; anything else stays text. Run on escaped text (escaping never produces `@`). Each person
 * is linked once, at the first place the line names them: Tocsin's lines name the people they
 * mean before any quoted text (`Paging @bob for INC-1: <title>`), so an alert title that names
 * the same person stays text.
 */
export function linkMentions(escaped: string, slackIdOf: (personId: string) => string | undefined): string {
  const linked = new Set<string>();
  return escaped.replace(/(^|[\s(])@([A-Za-z0-9][A-Za-z0-9._@-]*[A-Za-z0-9]|[A-Za-z0-9])/g, (all, lead: string, id: string) => {
    const slackId = slackIdOf(id);
    if (!slackId || linked.has(slackId)) return all;
    linked.add(slackId);
    return `${lead}<@${slackId}>`;
  });
}

/** `Mon 2026-01-05 09:00 CET`: always the date and the zone, never a bare time. */
export function dateText(iso: string, zone: string): string {
  return whenText(iso, zone);
}

/** `1h5m`, rounded to the minute from a minute on. */
export function durationText(ms: number): string {
  return ms >= 60_000 ? formatDuration(Math.round(ms / 60_000) * 60_000) : formatDuration(Math.max(0, ms));
}

/** `<url|title>` for http(s) links Slack can show, `&` in the URL escaped like everywhere else; anything else as plain escaped text. */
export function linkText(url: string, title: string): string {
  if (!/^https?:\/\/[^\s<>|]+$/.test(url)) return escapeText(title || url);
  return `<${escapeText(url)}|${escapeText(title || url).replace(/\|/g, '¦')}>`;
}

/** `INC-7 in Tocsin`, linked to the incident's web page (PUBLIC_URL set): announcements, page DMs, `/incident status`. */
export function incidentPageLink(url: string, ref: string): string {
  return linkText(url, `${ref} in Tocsin`);
}

export const SEVERITY_EMOJI: Readonly<Record<string, string>> = { sev1: '🔴', sev2: '🟠', sev3: '🟡', sev4: '🔵' };

export function statusWord(status: string): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}
