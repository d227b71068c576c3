import type { IncidentView } from '../../app/chat-notices';
import type { Person } from '../../app/ports/catalog';
import type { AlertLink } from '../../domain/alert/alert';
import { fitActivity, TEAMS_LIMITS } from './card-limits';
import { mentionsOf, type MentionEntity } from './teams-mentions';
import { escapeMarkdown, markdownUrl, teamsText } from './teams-text';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** The buttons of an incident card; `verb` is what an `Action.Execute` invoke carries back. */
export const CARD_ACTIONS = [
  { verb: 'incident.ack', title: 'Acknowledge', command: 'ack' },
  { verb: 'incident.resolve', title: 'Resolve', command: 'resolve' },
  { verb: 'incident.escalate', title: 'Escalate', command: 'escalate' },
] as const;

export interface IncidentCardInput {
  readonly incident: IncidentView;
  readonly oncall: readonly Person[];
  readonly links: readonly AlertLink[];
  /** Where the incident lives, when that is not where the card is (the announcement in the service channel). */
  readonly channel?: { readonly name: string; readonly webUrl?: string };
  /**
   * `bot`: Acknowledge / Resolve / Escalate buttons. `notify-only`: a card posted by a Workflows
   * webhook has no bot to receive a button press, so it says where commands are typed instead.
   */
  readonly mode: 'bot' | 'notify-only';
  /** The incident's web page (PUBLIC_URL set): an "Open in Tocsin" button, in every mode and status. */
  readonly pageUrl?: string;
}

export type AdaptiveCard = Record<string, unknown> & { readonly msteams: { readonly width: 'Full'; readonly entities: readonly MentionEntity[] } };

const SEVERITY_COLOR: Readonly<Record<string, string>> = { sev1: 'Attention', sev2: 'Warning', sev3: 'Accent', sev4: 'Default' };

/** Who acknowledged or resolved: a person, a chat user or a source, by id; shown as text. */
function statusLine(i: IncidentView): string {
  const by = (id: string | null) => (id ? ` by ${teamsText(id, TEAMS_LIMITS.fact)}` : '');
  if (i.status === 'resolved') return `Resolved${by(i.resolvedBy)}`;
  if (i.status === 'acknowledged') return `Acknowledged${by(i.acknowledgedBy)}`;
  return 'Triggered';
}

/** The alert's links as Markdown links: the title escaped, the URL encoded; one too long to show is left out. */
function linksLine(links: IncidentCardInput['links']): string {
  return links
    .filter((l) => l.url.length <= TEAMS_LIMITS.url)
    .slice(0, TEAMS_LIMITS.links)
    .map((l) => `[${teamsText(l.title.trim() || 'link', TEAMS_LIMITS.linkTitle)}](${markdownUrl(l.url)})`)
    .join(' · ');
}

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

/**
 * The incident announcement as an Adaptive Card (1.4, for Universal Actions): title, severity,
 * status, service, who is on call (a real mention, carried in `msteams.entities`), links and the
 * buttons the status still allows. A pure function of the incident: the same card is posted when
 * the incident opens and put in place of the old one on every change.
 */
export function incidentCard(input: IncidentCardInput): AdaptiveCard {
  const { incident: i } = input;
  const oncall = mentionsOf(input.oncall);
  const resolved = i.status === 'resolved';
  const facts = [
    { title: 'Severity', value: i.severity.toUpperCase() },
    { title: 'Status', value: statusLine(i) },
    { title: 'Service', value: i.serviceId ? teamsText(i.serviceId, TEAMS_LIMITS.fact) : 'none' },
    ...(i.assignee ? [{ title: 'Lead', value: teamsText(i.assignee, TEAMS_LIMITS.fact) }] : []),
    { title: 'Opened', value: i.createdAt },
  ];
  const body: Record<string, unknown>[] = [
    text(`${i.ref} · ${teamsText(i.title, TEAMS_LIMITS.title)}`, { size: 'Large', weight: 'Bolder', color: resolved ? 'Good' : (SEVERITY_COLOR[i.severity] ?? 'Default') }),
    { type: 'FactSet', facts },
    text(oncall.text ? `On call: ${oncall.text}` : 'On call: nobody could be resolved for this service', { spacing: 'Small' }),
  ];
  const channelName = input.channel && escapeMarkdown(input.channel.name);
  if (input.channel) body.push(text(input.channel.webUrl ? `Incident channel: [${channelName}](${markdownUrl(input.channel.webUrl)})` : `Incident channel: ${channelName}`));
  const links = linksLine(input.links);
  if (links) body.push(text(links, { isSubtle: true }));
  if (input.mode === 'notify-only') body.push(text(`Acknowledge with the Tocsin bot (\`incident ack ${i.ref}\`) or \`tocsin chat "/incident ack ${i.ref}"\`.`, { isSubtle: true, size: 'Small' }));

  const allowed = CARD_ACTIONS.filter((a) => !resolved && !(a.command === 'ack' && i.status !== 'triggered'));
  const actions: Record<string, unknown>[] = input.mode === 'bot' ? allowed.map((a) => ({ type: 'Action.Execute', title: a.title, verb: a.verb, data: { incident: i.ref, command: a.command } })) : [];
  // A field of the card, not Markdown: the URL goes as it is.
  if (input.pageUrl) actions.push({ type: 'Action.OpenUrl', title: 'Open in Tocsin', url: input.pageUrl });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full', entities: oncall.entities },
  };
}

/** The message that carries the card: the mention is repeated in the text, which is what makes Teams notify. */
export function incidentMessage(input: IncidentCardInput): Record<string, unknown> {
  const card = incidentCard(input);
  const oncall = mentionsOf(input.oncall);
  const lead = input.incident.status === 'triggered' && oncall.text ? `${oncall.text}: ` : '';
  return fitActivity({
    type: 'message',
    text: `${lead}${input.incident.ref} ${statusLine(input.incident).toLowerCase()}: ${teamsText(input.incident.title, TEAMS_LIMITS.title)}`,
    ...(lead ? { entities: oncall.entities } : {}),
    attachments: [{ contentType: ADAPTIVE_CARD, content: card }],
  });
}
