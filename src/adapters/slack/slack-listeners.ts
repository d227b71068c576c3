import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { CommandContext, CommandReply } from '../../app/commands/command-reply';
import type { ChatRefs } from '../../app/ports/chat-refs';
import type { DeliveryLog } from '../../app/ports/delivery-log';
import type { Catalog } from '../../app/ports/catalog';
import type { Clock } from '../../app/ports/clock';
import { clipMrkdwn, SLACK_LIMITS } from './block-limits';
import { commandOfAction, INCIDENT_ACTION_PATTERN } from './incident-actions';
import type { Inflight } from './inflight';
import { escapeText, incidentPageLink, linkMentions } from './mrkdwn';
import { SLACK_COMMANDS } from './slack-api';
import { markSaid } from './post-once';
import { mentionLookup } from './slack-people';

export interface SlackCommandDeps {
  /** The shared command executor (`runChatCommand`): the same words typed or pressed run the same code. */
  readonly runCommand: (text: string, ctx: CommandContext) => Promise<CommandReply>;
  readonly catalog: Catalog;
  readonly refs: ChatRefs;
  readonly clock: Clock;
  readonly log: DeliveryLog;
  readonly inflight: Inflight;
  /** The email Slack confirms for a user, when the policy names people by email only (actor-email.ts). */
  readonly actorEmail?: (userId: string) => Promise<string | undefined>;
}

/** The executor's answer as Slack shows it: escaped, the people it mentions on purpose as mentions, ephemeral or in the channel. */
async function answer(deps: SlackCommandDeps, respond: RespondFn, reply: CommandReply, channelId: string | undefined): Promise<void> {
  const slackIdOf = mentionLookup(reply.mentions?.length ? await deps.catalog.people() : [], reply.mentions);
  // The page link goes after the text, never clipped away with it.
  const page = reply.incidentUrl ? `\n${incidentPageLink(reply.incidentUrl, reply.incidentRef ?? 'The incident')}` : '';
  const text = clipMrkdwn(linkMentions(escapeText(reply.text), slackIdOf), SLACK_LIMITS.messageText - page.length) + page;
  // Said in the channel: the outbox line for the same change is not posted there again.
  if (reply.visibility === 'channel' && channelId) await markSaid(deps.refs, channelId, reply.text, deps.clock.now());
  await respond({ response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral', replace_original: false, text });
}

/** Runs one command for one Slack user after Slack was answered; a failure is an ephemeral line, never a stack trace. */
async function run(deps: SlackCommandDeps, respond: RespondFn, text: string, ctx: CommandContext): Promise<void> {
  await deps.inflight.run(async () => {
    let reply: CommandReply;
    try {
      const email = await deps.actorEmail?.(ctx.actor);
      reply = await deps.runCommand(text, email ? { ...ctx, actorEmail: email } : ctx);
    } catch (e) {
      deps.log.error({ err: e, command: text.split(' ').slice(0, 2).join(' '), user: ctx.actor }, 'Slack command failed');
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'Sorry, that failed on our side; it is in Tocsin\'s log. Try again in a moment.' }).catch(() => undefined);
      return;
    }
    try {
      await answer(deps, respond, reply, ctx.channelId);
    } catch (e) {
      // The command's effect and timeline record are committed; only the answer was lost.
      deps.log.warn({ err: e, user: ctx.actor }, 'could not answer a Slack command through its response_url');
    }
  });
}

/**
 * `/incident …` and `/oncall …`, and the announcement's buttons. Slack wants an answer within 3
 * seconds: `ack()` comes first (an empty 200), the command runs after, and its answer goes back
 * through `respond` (the response_url), ephemeral for refusals and views, in the channel for changes.
 */
export function registerCommands(app: App, deps: SlackCommandDeps): void {
  for (const name of SLACK_COMMANDS) {
    app.command(name, async ({ command, ack, respond }) => {
      await ack();
      await run(deps, respond, `${command.command} ${command.text ?? ''}`.trim(), { actor: command.user_id, platform: 'slack', channelId: command.channel_id });
    });
  }
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: INCIDENT_ACTION_PATTERN }, async ({ ack, body, action, respond }) => {
    await ack();
    const text = commandOfAction(action.action_id, action.value);
    if (!text) return;
    const channelId = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id;
    await run(deps, respond, text, { actor: body.user.id, platform: 'slack', ...(channelId ? { channelId } : {}) });
  });
}
