import { blocksProblem } from './fake-slack-blocks';
import { conversationMethods } from './fake-slack-conversations';
import { fail, isResult, ok, str, usableChannel, type MethodContext, type SlackArgs, type SlackMethod, type SlackResult } from './fake-slack-method';
import type { SlackMessage } from './fake-slack-workspace';

const MAX_TEXT = 40_000;
const MAX_BOOKMARKS = 100;

function hasContent(args: SlackArgs): boolean {
  return Boolean(str(args.text) || args.blocks || args.attachments);
}

/** Slack refuses the whole message when its text or any block is over a limit; `response_metadata` says where. */
function refusal(args: SlackArgs): SlackResult | undefined {
  if ((str(args.text) ?? '').length > MAX_TEXT) return fail('msg_too_long');
  const problem = args.blocks === undefined ? undefined : blocksProblem(args.blocks);
  return problem ? fail('invalid_blocks', { response_metadata: { messages: [`[ERROR] ${problem}`] } }) : undefined;
}

/** Where the bot may post: a member anywhere, or any public channel with `chat:write.public`. */
function postableChannel(args: SlackArgs, ctx: MethodContext) {
  const channel = usableChannel(ctx, args.channel, false);
  if (isResult(channel)) return channel;
  if (!channel.members.includes(ctx.actor) && (channel.is_private || !ctx.hasScope('chat:write.public'))) return fail('not_in_channel');
  return channel;
}

function findMessage(args: SlackArgs, ctx: MethodContext, tsArg: string): { channel: string; message: SlackMessage } | SlackResult {
  const channel = usableChannel(ctx, args.channel, false);
  if (isResult(channel)) return channel;
  const message = ctx.ws.messages.get(channel.id)?.find((m) => m.ts === str(args[tsArg]));
  return message ? { channel: channel.id, message } : fail('message_not_found');
}

const chatMethods: Record<string, SlackMethod> = {
  'chat.postMessage': {
    scope: () => 'chat:write',
    run(args, ctx) {
      const channel = postableChannel(args, ctx);
      if (isResult(channel)) return channel;
      if (!hasContent(args)) return fail('no_text');
      const text = str(args.text) ?? '';
      const refused = refusal(args);
      if (refused) return refused;
      const { botId, appId } = ctx.ws.identity;
      const threadTs = str(args.thread_ts);
      const message: SlackMessage = {
        type: 'message', ts: ctx.ws.nextTs(), user: ctx.actor, bot_id: botId, app_id: appId, text,
        ...(args.blocks ? { blocks: args.blocks } : {}),
        ...(args.attachments ? { attachments: args.attachments } : {}),
        ...(args.metadata ? { metadata: args.metadata } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      };
      const history = ctx.ws.messages.get(channel.id) ?? [];
      const parent = threadTs ? history.find((m) => m.ts === threadTs) : undefined;
      if (parent) parent.reply_count = (parent.reply_count ?? 0) + 1;
      if (parent && !parent.thread_ts) parent.thread_ts = parent.ts;
      history.push(message);
      return ok({ channel: channel.id, ts: message.ts, message });
    },
  },

  'chat.update': {
    scope: () => 'chat:write',
    run(args, ctx) {
      const found = findMessage(args, ctx, 'ts');
      if ('ok' in found) return found;
      if (found.message.user !== ctx.actor) return fail('cant_update_message');
      if (!hasContent(args)) return fail('no_text');
      const refused = refusal(args);
      if (refused) return refused;
      const { message } = found;
      message.text = str(args.text) ?? message.text;
      if (args.blocks) message.blocks = args.blocks;
      if (args.attachments) message.attachments = args.attachments;
      message.edited = { user: ctx.actor, ts: ctx.ws.nextTs() };
      return ok({ channel: found.channel, ts: message.ts, text: message.text, message });
    },
  },

  'chat.postEphemeral': {
    scope: () => 'chat:write',
    run(args, ctx) {
      const channel = postableChannel(args, ctx);
      if (isResult(channel)) return channel;
      const user = str(args.user) ?? '';
      if (!ctx.ws.users.has(user)) return fail('user_not_found');
      if (!channel.members.includes(user)) return fail('user_not_in_channel');
      if (!hasContent(args)) return fail('no_text');
      const messageTs = ctx.ws.nextTs();
      ctx.ws.ephemerals.push({ channel: channel.id, user, text: str(args.text) ?? '', ...(args.blocks ? { blocks: args.blocks } : {}), message_ts: messageTs });
      return ok({ message_ts: messageTs });
    },
  },

  'reactions.add': {
    scope: () => 'reactions:write',
    run(args, ctx) {
      const found = findMessage(args, ctx, 'timestamp');
      if ('ok' in found) return found;
      const name = str(args.name);
      if (!name || name.includes(':')) return fail('invalid_name');
      const reactions = (found.message.reactions ??= []);
      const reaction = reactions.find((r) => r.name === name);
      if (reaction?.users.includes(ctx.actor)) return fail('already_reacted');
      if (reaction) {
        reaction.users.push(ctx.actor);
        reaction.count += 1;
      } else reactions.push({ name, users: [ctx.actor], count: 1 });
      return ok();
    },
  },

  'bookmarks.add': {
    scope: () => 'bookmarks:write',
    run(args, ctx) {
      const channel = usableChannel(ctx, args.channel_id);
      if (isResult(channel)) return channel;
      const title = str(args.title);
      const type = str(args.type);
      const link = str(args.link);
      if (!title || type !== 'link' || !link) return fail('invalid_arguments');
      if (ctx.ws.bookmarks.filter((b) => b.channel_id === channel.id).length >= MAX_BOOKMARKS) return fail('too_many_bookmarks');
      const now = ctx.ws.epochSeconds();
      const bookmark = { id: ctx.ws.nextId('Bk'), channel_id: channel.id, title, link, emoji: str(args.emoji) ?? null, type, date_created: now, date_updated: now, last_updated_by_user_id: ctx.actor };
      ctx.ws.bookmarks.push(bookmark);
      return ok({ bookmark: { ...bookmark, icon_url: null, entity_id: null, rank: String(ctx.ws.bookmarks.length), app_id: null, shortcut_id: null } });
    },
  },

  'users.lookupByEmail': {
    scope: () => 'users:read.email',
    run(args, ctx) {
      const user = ctx.ws.userByEmail(str(args.email) ?? '');
      return user ? ok({ user }) : fail('users_not_found');
    },
  },

  'users.info': {
    scope: () => 'users:read',
    run(args, ctx) {
      const user = ctx.ws.users.get(str(args.user) ?? '');
      return user ? ok({ user }) : fail('user_not_found');
    },
  },

  'views.open': {
    run(args, ctx) {
      if (!str(args.trigger_id)) return fail('invalid_arguments');
      if (!args.view || typeof args.view !== 'object') return fail('invalid_arguments');
      const view = { ...(args.view as Record<string, unknown>), id: ctx.ws.nextId('V'), team_id: ctx.ws.identity.teamId, state: { values: {} }, hash: ctx.ws.nextTs(), app_id: ctx.ws.identity.appId, bot_id: ctx.ws.identity.botId };
      ctx.ws.views.push(view);
      return ok({ view });
    },
  },

  'auth.test': {
    run(_args, ctx) {
      const { teamId, teamName, domain, botUserId, botId } = ctx.ws.identity;
      return ok({ url: `https://${domain}.slack.com/`, team: teamName, user: 'tocsin', team_id: teamId, user_id: botUserId, bot_id: botId, is_enterprise_install: false });
    },
  },
};

export const slackMethods: Readonly<Record<string, SlackMethod>> = { ...chatMethods, ...conversationMethods };
