import type { Activity } from 'botbuilder';
import type { DeliveryResult, PendingMessage } from '../../app/ports/outbox';
import { connectorFailure } from './delivery-errors';
import { incidentMessage } from './incident-card';
import { readAnnouncement, type TeamsAnnouncement } from './teams-announcement';
import { logLocally, pageUrlOf, type TeamsDeliveryDeps } from './teams-delivery-deps';
import { findTeam, userKey } from './teams-install';
import { mentionsOf, type MentionEntity } from './teams-mentions';
import type { TeamsNotice } from './teams-notices';
import type { ConversationAt } from './teams-poster';
import { lineHash, once, saidKey } from './teams-state';
import { incidentPageLink, teamsText } from './teams-text';
import { TEAMS_LIMITS } from './card-limits';
import { NOTICE } from '../../app/outbox/notice-contracts';

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h ${minutes % 60}m` : `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

const shown = (text: string) => teamsText(text, TEAMS_LIMITS.line);

/** What a page says: the engine's line (it quotes the title), else the title itself; escaped. */
const pageText = (notice: TeamsNotice, you: string) => shown(notice.text ?? `${you} paged for ${notice.incident.ref}: ${notice.incident.title}`);

/**
 * The line for the incident's thread, if the notice has one: `text` as Teams gets it (what came
 * from alerts and people escaped, the mentions Tocsin makes real), `said` the words a command
 * answer may already have put in the thread.
 */
function lineOf(notice: TeamsNotice): { said: string; text: string; entities?: MentionEntity[] } | undefined {
  if (notice.kind === NOTICE.incidentPage) {
    const paged = mentionsOf(notice.paged);
    return paged.text ? { said: notice.text ?? '', text: `${paged.text}: ${pageText(notice, 'you are')}`, entities: paged.entities } : undefined;
  }
  if (notice.kind === NOTICE.incidentResolved) {
    const after = notice.durationMs ? ` after ${duration(notice.durationMs)}` : '';
    const text = `${notice.incident.ref} resolved${after}${notice.summary ? `: ${notice.summary}` : ''}`;
    return { said: text, text: shown(text) };
  }
  return notice.text ? { said: notice.text, text: shown(notice.text) } : undefined;
}

async function replaceCards(deps: TeamsDeliveryDeps, a: TeamsAnnouncement, notice: TeamsNotice): Promise<void> {
  const base = { incident: notice.incident, oncall: a.oncall, links: a.links, mode: 'bot' as const, ...pageUrlOf(deps, notice.incident) };
  for (const card of a.cards) {
    const pointer = card.inServiceChannel && a.channel ? { channel: { name: a.channel.name, ...(a.channel.webUrl ? { webUrl: a.channel.webUrl } : {}) } } : {};
    const at: ConversationAt = { serviceUrl: a.serviceUrl, conversationId: card.conversationId, ...(a.tenantId ? { tenantId: a.tenantId } : {}) };
    try {
      await deps.poster.update(at, card.activityId, incidentMessage({ ...base, ...pointer }));
    } catch (e) {
      // Someone deleted the card: the thread still gets the line, so the change is not lost.
      if ((e as { statusCode?: number }).statusCode !== 404) throw e;
      deps.log.warn({ incident: notice.incident.ref, conversation: card.conversationId }, 'Teams card to update is gone');
    }
  }
}

/** A page also goes to each paged person's 1:1 chat with the bot, where they installed it personally. */
async function pageDirectly(deps: TeamsDeliveryDeps, rowId: number, notice: TeamsNotice, text: string): Promise<void> {
  for (const person of notice.paged) {
    const ref = person.teamsId ? await deps.state.get<{ serviceUrl: string; conversation: { id: string; tenantId?: string } }>(userKey(person.teamsId)) : undefined;
    if (!ref) continue;
    await once(deps.state, rowId, `dm:${person.id}`, () => deps.poster.send({ serviceUrl: ref.serviceUrl, conversationId: ref.conversation.id, ...(ref.conversation.tenantId ? { tenantId: ref.conversation.tenantId } : {}) }, { type: 'message', text }));
  }
}

/**
 * `notice.incident_updated` / `notice.incident_resolved` replace every card of the incident in place;
 * these and `notice.incident_message` / `notice.incident_page` then add their line to the incident's thread.
 * Replacing a card is idempotent, so a retried delivery repeats no more than the line.
 */
export async function updateIncident(deps: TeamsDeliveryDeps, message: PendingMessage, notice: TeamsNotice): Promise<DeliveryResult> {
  const link = (await deps.store.read.channels.forIncident(notice.incident.id)).find((l) => l.platform === 'teams');
  const announcement = readAnnouncement(link?.announcementRef ?? null);
  if (!announcement) {
    const installed = notice.target.team ? await findTeam(deps.state, notice.target.team) : undefined;
    if (deps.anonymous && !installed) return logLocally(deps, notice);
    return { kind: 'failed', error: `${notice.incident.ref} has no Teams announcement to update (its announcement was not delivered)` };
  }
  try {
    if (notice.kind === NOTICE.incidentUpdated || notice.kind === NOTICE.incidentResolved) await replaceCards(deps, announcement, notice);
    const line = lineOf(notice);
    if (!line) return { kind: 'delivered' };
    const said = await deps.state.get<{ hash: string }>(saidKey(announcement.thread));
    if (said?.hash === lineHash(line.said)) {
      await deps.state.remove(saidKey(announcement.thread));
    } else {
      const at: ConversationAt = { serviceUrl: announcement.serviceUrl, conversationId: announcement.thread, ...(announcement.tenantId ? { tenantId: announcement.tenantId } : {}) };
      await once(deps.state, message.id, 'line', () => deps.poster.send(at, { type: 'message', text: line.text, ...(line.entities ? { entities: line.entities as unknown as Activity['entities'] } : {}) }));
    }
    if (notice.kind === NOTICE.incidentPage) {
      const { pageUrl } = pageUrlOf(deps, notice.incident);
      await pageDirectly(deps, message.id, notice, `${pageText(notice, 'You are')}${pageUrl ? `\n\n${incidentPageLink(pageUrl, notice.incident.ref)}` : ''}`);
    }
    return { kind: 'delivered' };
  } catch (e) {
    return connectorFailure(e, `updating ${notice.incident.ref} in Teams`);
  }
}
