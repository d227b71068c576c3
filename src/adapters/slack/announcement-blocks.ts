import type { IncidentView } from '../../app/chat-notices';
import type { AlertLink } from '../../domain/alert/alert';
import { INCIDENT_ACTIONS, type IncidentActionId } from './incident-actions';
import { fitMessage } from './block-limits';
import { dateText, escapeText, incidentPageLink, linkText, mrkdwnText, SEVERITY_EMOJI, statusWord, whoText, type SlackMessage, type Who } from './mrkdwn';

/** Everything an announcement shows; the same facts render the first post and every update. */
export interface AnnouncementFacts {
  readonly incident: IncidentView;
  readonly oncall: readonly Who[];
  readonly acknowledgedBy?: Who;
  readonly resolvedBy?: Who;
  readonly assignee?: Who;
  readonly links: readonly AlertLink[];
  /** Zone of the dates shown (the policy's default zone). */
  readonly zone: string;
  /** Set for the copy in the service's announce channel: points people at the incident channel. */
  readonly incidentChannelId?: string;
  /** The incident's web page (PUBLIC_URL set): linked first among the links, resolved or not. */
  readonly pageUrl?: string;
}

const field = (label: string, value: string) => mrkdwnText(`*${label}*\n${value}`);

function buttons(f: AnnouncementFacts): Record<string, unknown> | undefined {
  const { status, ref } = f.incident;
  if (status === 'resolved') return undefined;
  const ids = (Object.keys(INCIDENT_ACTIONS) as IncidentActionId[]).filter((id) => !(id === 'tocsin.ack' && status === 'acknowledged'));
  return {
    type: 'actions',
    block_id: `incident:${ref}`,
    elements: ids.map((id) => {
      const a = INCIDENT_ACTIONS[id];
      return { type: 'button', action_id: id, value: ref, text: { type: 'plain_text', text: a.label }, ...(a.style ? { style: a.style } : {}) };
    }),
  };
}

/**
 * The incident's announcement: what it is, how bad, who is on it, with Acknowledge / Resolve /
 * Escalate until it is resolved. The fallback `text` (what notifications show) mentions whoever is
 * on call, so they are pinged. Every title and link text is escaped.
 */
export function renderAnnouncement(f: AnnouncementFacts): SlackMessage {
  const i = f.incident;
  const emoji = SEVERITY_EMOJI[i.severity] ?? '⚪';
  const oncall = f.oncall.length ? f.oncall.map(whoText).join(', ') : '_nobody resolved_';
  const title = escapeText(i.title);
  const fields = [
    field('Severity', `${emoji} ${i.severity}`),
    field('Status', statusWord(i.status)),
    field('On call', oncall),
    field('Opened', dateText(i.createdAt, f.zone)),
    ...(i.serviceId ? [field('Service', escapeText(i.serviceId))] : []),
    ...(f.assignee ? [field('Lead', whoText(f.assignee))] : []),
    ...(f.incidentChannelId ? [field('Channel', `<#${f.incidentChannelId}>`)] : []),
  ];
  const progress = [
    ...(i.acknowledgedAt && f.acknowledgedBy ? [`Acknowledged by ${whoText(f.acknowledgedBy)} · ${dateText(i.acknowledgedAt, f.zone)}`] : []),
    ...(i.resolvedAt && f.resolvedBy ? [`Resolved by ${whoText(f.resolvedBy)} · ${dateText(i.resolvedAt, f.zone)}`] : []),
  ];
  const links = [...(f.pageUrl ? [incidentPageLink(f.pageUrl, i.ref)] : []), ...f.links.slice(0, 10).map((l) => linkText(l.url, l.title))];
  const actions = buttons(f);
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: `${emoji} ${i.ref}: ${i.title}`, emoji: true } },
    { type: 'section', text: mrkdwnText(`*${i.ref}* · ${title}`), fields: fields.slice(0, 10) },
    ...(progress.length ? [{ type: 'context', elements: progress.map(mrkdwnText) }] : []),
    ...(links.length ? [{ type: 'context', elements: [mrkdwnText(`🔗 ${links.join(' · ')}`)] }] : []),
    ...(actions ? [actions] : []),
  ];
  const pinged = i.status === 'triggered' && f.oncall.some((w) => w.slackId) ? ` On call: ${f.oncall.map(whoText).join(', ')}` : '';
  const text = `${emoji} ${i.ref} [${i.severity}] ${title} (${i.status}).${pinged}`;
  return fitMessage({ text, blocks });
}
