import type { ChannelPostNotice, PersonMessageNotice } from '../../app/outbox/notice-contracts';
import type { DeliveryResult, PendingMessage } from '../../app/ports/outbox';
import { connectorFailure } from './delivery-errors';
import type { TeamsDeliveryDeps } from './teams-delivery-deps';
import { findTeam, userKey, type TeamRef } from './teams-install';
import { fitActivity, TEAMS_LIMITS } from './card-limits';
import { once } from './teams-state';
import { escapeMarkdown, teamsText } from './teams-text';

// Scheduler messages that are not about one incident's thread: `notice.channel_post` (summaries, a channel
// paged by an escalation step) and `notice.person_message` (handoffs), as src/app/scheduler/chat-posts.ts
// writes them.

interface PersonalRef {
  readonly serviceUrl: string;
  readonly conversation: { readonly id: string; readonly tenantId?: string };
}

const textOf = (notice: { readonly text: string }): string | undefined => (notice.text.trim() ? notice.text : undefined);

/**
 * What a post or notice shows in Teams: Markdown with everything in it escaped (a summary quotes
 * incident titles), its title and sections in bold when it has them (summaries), else its text.
 */
function shownText(notice: Partial<Pick<ChannelPostNotice, 'title' | 'sections'>>, text: string): string {
  const { title, sections } = notice;
  if (title === undefined || !sections) return teamsText(text, TEAMS_LIMITS.line);
  const part = (heading: string, lines: readonly string[]) => [`**${escapeMarkdown(heading)}**`, ...lines.map(escapeMarkdown)].join('\n');
  return [part(title, []), ...sections.map((s) => part(s.title, s.lines))].join('\n\n');
}

/** A Markdown message, within Teams' size. */
const markdownMessage = (notice: Partial<Pick<ChannelPostNotice, 'title' | 'sections'>>, text: string) => fitActivity({ type: 'message', text: shownText(notice, text), textFormat: 'markdown' });

function local(deps: TeamsDeliveryDeps, message: PendingMessage, text: string, to: string): DeliveryResult {
  deps.log.info({ platform: 'teams', kind: message.kind, to, text }, `local mode (Teams): would post ${message.kind} to ${to}`);
  return { kind: 'delivered', result: { local: true } };
}

/**
 * A post to a channel named by id. Which team the channel is in is not stored, and need not be:
 * the serviceUrl is the tenant's region, so any team the bot is installed in gives the way in
 * (the team whose General channel this is, when it is one).
 */
async function teamFor(deps: TeamsDeliveryDeps, channelId: string, fallback: readonly string[]): Promise<TeamRef | undefined> {
  const direct = await findTeam(deps.state, channelId);
  if (direct) return direct;
  for (const team of fallback) {
    const ref = await findTeam(deps.state, team);
    if (ref) return ref;
  }
  return undefined;
}

export async function postToChannel(deps: TeamsDeliveryDeps, message: PendingMessage, notice: ChannelPostNotice, knownTeams: readonly string[]): Promise<DeliveryResult> {
  const channel = notice.channel.id;
  const text = textOf(notice);
  if (!text) return { kind: 'failed', error: `unreadable ${message.kind} payload: text is empty` };
  const team = await teamFor(deps, channel, knownTeams);
  if (!team) return deps.anonymous ? local(deps, message, text, channel) : { kind: 'failed', error: `Tocsin is not installed in any Teams team, so it cannot post to channel ${channel}` };
  try {
    const at = { serviceUrl: team.serviceUrl, ...(team.tenantId ? { tenantId: team.tenantId } : {}) };
    const posted = await once(deps.state, message.id, 'post', () => deps.poster.openThread(at, channel, markdownMessage(notice, text)));
    return { kind: 'delivered', result: posted };
  } catch (e) {
    return connectorFailure(e, `posting to Teams channel ${channel}`);
  }
}

/**
 * A direct message, in the 1:1 chat the person opened with the bot (installing it personally is
 * what gives Tocsin that chat). Someone without one is not an error: the notice is skipped, and
 * the log says why.
 */
export async function noticePerson(deps: TeamsDeliveryDeps, message: PendingMessage, notice: PersonMessageNotice): Promise<DeliveryResult> {
  const { person } = notice;
  const text = textOf(notice);
  if (!text) return { kind: 'failed', error: `unreadable ${message.kind} payload: text is empty` };
  const ref = person.teamsId ? await deps.state.get<PersonalRef>(userKey(person.teamsId)) : undefined;
  if (!ref) {
    if (deps.anonymous) return local(deps, message, text, person.id);
    deps.log.info({ person: person.id, kind: message.kind }, 'Teams notice skipped: the person has no personal chat with Tocsin (install the app for yourself to get them)');
    return { kind: 'delivered', result: { skipped: 'no personal chat' } };
  }
  try {
    const at = { serviceUrl: ref.serviceUrl, conversationId: ref.conversation.id, ...(ref.conversation.tenantId ? { tenantId: ref.conversation.tenantId } : {}) };
    const id = await once(deps.state, message.id, 'notice', () => deps.poster.send(at, markdownMessage({}, text)));
    return { kind: 'delivered', result: { activityId: id ?? null } };
  } catch (e) {
    return connectorFailure(e, `sending a Teams notice to ${person.id}`);
  }
}
