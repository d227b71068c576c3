import { TurnContext, type Activity } from 'botbuilder';
import type { TeamsState } from './teams-state';

/**
 * What proactive messages to a team need, stored when the bot is installed there and refreshed
 * whenever the team talks to it: the region-specific `serviceUrl` (every outbound call goes
 * there), the tenant, the bot's own account, and the team's Entra group id, which is what
 * Microsoft Graph calls the team.
 */
export interface TeamRef {
  readonly teamId: string;
  readonly name?: string;
  readonly aadGroupId?: string;
  readonly tenantId?: string;
  readonly serviceUrl: string;
  readonly bot: { readonly id: string; readonly name?: string };
}

interface TeamsChannelData {
  readonly team?: { readonly id?: string; readonly name?: string; readonly aadGroupId?: string };
  readonly tenant?: { readonly id?: string };
}

const teamKey = (id: string) => `team:${id}`;
const groupKey = (id: string) => `group:${id.toLowerCase()}`;
export const userKey = (aadObjectId: string) => `user:${aadObjectId.toLowerCase()}`;

export function teamRefOf(activity: Partial<Activity>): TeamRef | undefined {
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const teamId = data.team?.id;
  if (!teamId || !activity.serviceUrl || !activity.recipient) return undefined;
  return {
    teamId,
    ...(data.team?.name ? { name: data.team.name } : {}),
    ...(data.team?.aadGroupId ? { aadGroupId: data.team.aadGroupId } : {}),
    ...(data.tenant?.id ?? activity.conversation?.tenantId ? { tenantId: data.tenant?.id ?? activity.conversation?.tenantId } : {}),
    serviceUrl: activity.serviceUrl,
    bot: { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) },
  };
}

/** Installed, removed, or neither: `conversationUpdate` with the bot among members, or `installationUpdate`. */
export function installChange(activity: Partial<Activity>): 'installed' | 'removed' | undefined {
  const bot = activity.recipient?.id;
  if (activity.type === 'installationUpdate') return activity.action?.startsWith('remove') ? 'removed' : activity.action?.startsWith('add') ? 'installed' : undefined;
  if (activity.type !== 'conversationUpdate' || !bot) return undefined;
  if (activity.membersAdded?.some((m) => m.id === bot)) return 'installed';
  if (activity.membersRemoved?.some((m) => m.id === bot)) return 'removed';
  return undefined;
}

/** The team a policy names, by its Bot Framework id (`19:…@thread.tacv2`) or its Entra group id. */
export async function findTeam(state: TeamsState, idOrGroup: string): Promise<TeamRef | undefined> {
  const direct = await state.get<TeamRef>(teamKey(idOrGroup));
  if (direct) return direct;
  const group = await state.get<{ teamId: string }>(groupKey(idOrGroup));
  return group ? state.get<TeamRef>(teamKey(group.teamId)) : undefined;
}

/**
 * Keeps the references of the conversation an activity came from: its team (on install, and
 * whenever its serviceUrl or group id changed) and, for a personal chat, the user's 1:1
 * conversation, where pages are sent directly. Removal forgets the team.
 */
export async function rememberConversation(state: TeamsState, activity: Partial<Activity>): Promise<void> {
  const change = installChange(activity);
  const team = teamRefOf(activity);
  if (team && change === 'removed') {
    await state.remove(teamKey(team.teamId));
    if (team.aadGroupId) await state.remove(groupKey(team.aadGroupId));
    return;
  }
  if (team) {
    const known = await state.get<TeamRef>(teamKey(team.teamId));
    const merged: TeamRef = { ...known, ...team, ...(team.aadGroupId ?? known?.aadGroupId ? { aadGroupId: team.aadGroupId ?? known?.aadGroupId } : {}) };
    if (change === 'installed' || JSON.stringify(known) !== JSON.stringify(merged)) await state.put(teamKey(team.teamId), merged);
    if (merged.aadGroupId && (change === 'installed' || known?.aadGroupId !== merged.aadGroupId)) await state.put(groupKey(merged.aadGroupId), { teamId: team.teamId });
  }
  const user = activity.from?.aadObjectId;
  if (activity.conversation?.conversationType === 'personal' && user && change !== 'removed') {
    // Without the activity id, which changes with every message and is not needed to start a new one.
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
    const known = await state.get(userKey(user));
    if (JSON.stringify(known) !== JSON.stringify(reference)) await state.put(userKey(user), reference);
  }
}
