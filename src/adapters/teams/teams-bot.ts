import { TeamsInfo, TurnContext, type Activity } from 'botbuilder';
import type { Logger } from 'pino';
import type { CommandContext, CommandReply } from '../../app/commands/command-reply';
import type { ChannelRepo } from '../../app/ports/store';
import { cardActionCommand, invokeMessage, invokeNotSupported } from './card-actions';
import { rememberConversation } from './teams-install';
import { normalizeTeamsMentions, type InboundMention } from './teams-mentions';
import { clipText } from '../shared/clip-text';
import { TEAMS_LIMITS } from './card-limits';
import { lineHash, saidKey, type TeamsState } from './teams-state';
import { incidentPageLink, teamsText } from './teams-text';

export interface TeamsBotDeps {
  readonly state: TeamsState;
  /** Incident channel links: inside an incident's channel or thread, commands act on its incident. */
  readonly channels: ChannelRepo;
  readonly runCommand: (text: string, ctx: CommandContext) => Promise<CommandReply>;
  readonly log: Logger;
}

const SORRY = 'Tocsin could not run that just now. Nothing was changed; please try again.';

const invokeResponse = (body: unknown, status = 200): Partial<Activity> => ({ type: 'invokeResponse', value: { status, body } });

/** The user's Entra object id for each `29:` id mentioned, so commands can name people as `@<object id>`. */
async function resolveMentions(context: TurnContext, mentions: readonly InboundMention[]): Promise<Map<string, string>> {
  const resolved = new Map<string, string>();
  for (const m of mentions) {
    if (m.mentioned.id.startsWith('28:') || resolved.has(m.mentioned.id)) continue;
    const member = await TeamsInfo.getMember(context, m.mentioned.id).catch(() => undefined);
    if (member?.aadObjectId) resolved.set(m.mentioned.id, member.aadObjectId);
  }
  return resolved;
}

async function typedCommand(context: TurnContext): Promise<string> {
  const activity = context.activity;
  const mentions = TurnContext.getMentions(activity).filter((m) => m.mentioned?.id && m.text) as unknown as InboundMention[];
  // The bot's own mention goes first: "@Tocsin incident note …" is "incident note …".
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return normalizeTeamsMentions(text, mentions, await resolveMentions(context, mentions));
}

/** The channel id commands see: the conversation or channel an incident link names, else the channel. */
async function commandChannel(channels: ChannelRepo, activity: Activity): Promise<string> {
  const conversation = activity.conversation.id;
  const channel = (activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? conversation.split(';')[0]!;
  for (const id of [conversation, channel]) if (await channels.byChannel('teams', id)) return id;
  return channel;
}

/**
 * The turn logic behind `/api/messages`. Every activity refreshes the stored conversation
 * references. Typed commands and card buttons run through the same command executor as Slack and
 * the CLI, as the Teams user (their Entra object id), and are answered where they were made: a
 * reply in the conversation, or the invoke's answer for a button. Each activity is handled once:
 * Teams redelivers when the bot is slow, and a second `incident ack` must not happen.
 */
export function teamsBot(deps: TeamsBotDeps): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const activity = context.activity;
    await rememberConversation(deps.state, activity);
    if (activity.type !== 'message' && activity.type !== 'invoke') return;
    const isInvoke = activity.type === 'invoke';
    const claim = `${activity.conversation.id}|${activity.id ?? ''}`;
    if (activity.id && !(await deps.state.claimActivity(claim))) {
      if (isInvoke) await context.sendActivity(invokeResponse(invokeMessage('Already done.')));
      return;
    }
    try {
      const card = cardActionCommand(activity);
      if (isInvoke && !card) {
        await context.sendActivity(invokeResponse(invokeNotSupported(activity.name ?? 'invoke'), 400));
        return;
      }
      const text = card ?? (await typedCommand(context));
      const ctx: CommandContext = { actor: activity.from.aadObjectId ?? activity.from.id, platform: 'teams', channelId: await commandChannel(deps.channels, activity) };
      const reply = await deps.runCommand(text, ctx);
      if (isInvoke) {
        await context.sendActivity(invokeResponse(invokeMessage(clipText(reply.text, TEAMS_LIMITS.line))));
        return;
      }
      if (reply.visibility === 'channel') await deps.state.put(saidKey(activity.conversation.id), { hash: lineHash(reply.text) });
      // Answers quote titles and notes: escaped, so they show as typed.
      const page = reply.incidentUrl ? `\n\n${incidentPageLink(reply.incidentUrl, reply.incidentRef ?? 'the incident')}` : '';
      await context.sendActivity({ type: 'message', text: `${teamsText(reply.text, TEAMS_LIMITS.line)}${page}`, textFormat: 'markdown' });
    } catch (e) {
      deps.log.error({ err: e, conversation: activity.conversation.id, activity: activity.id }, 'Teams activity failed');
      await deps.state.releaseActivity(claim).catch(() => undefined);
      await context.sendActivity(isInvoke ? invokeResponse(invokeMessage(SORRY)) : SORRY).catch(() => undefined);
    }
  };
}
