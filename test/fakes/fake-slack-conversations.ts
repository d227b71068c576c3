import { channelScope, fail, flag, isResult, ok, str, usableChannel, type SlackMethod } from './fake-slack-method';

const MAX_NAME = 80;
const MAX_TOPIC = 250;

/** conversations.create's name rules, in the order Slack reports them. */
function nameProblem(name: string | undefined): string | undefined {
  if (!name) return 'invalid_name_required';
  if (name.length > MAX_NAME) return 'invalid_name_maxlength';
  if (/[^a-z0-9_-]/.test(name)) return 'invalid_name_specials';
  if (/^[-_]+$/.test(name)) return 'invalid_name_punctuation';
  return undefined;
}

export const conversationMethods: Record<string, SlackMethod> = {
  'conversations.create': {
    scope: (args) => (flag(args.is_private) ? 'groups:write' : 'channels:manage'),
    run(args, ctx) {
      const name = str(args.name);
      const problem = nameProblem(name);
      if (problem) return fail(problem);
      // Archived channels keep their name, so a reused incident slug collides with them too.
      if ([...ctx.ws.channels.values()].some((c) => c.name === name)) return fail('name_taken');
      const channel = ctx.ws.addChannel({ name: name as string, is_private: flag(args.is_private) }, ctx.actor);
      return ok({ channel: ctx.ws.channelView(channel) });
    },
  },

  'conversations.setTopic': {
    scope: channelScope('channels:manage', 'groups:write'),
    run(args, ctx) {
      const channel = usableChannel(ctx, args.channel);
      if (isResult(channel)) return channel;
      const topic = str(args.topic) ?? '';
      if (topic.length > MAX_TOPIC) return fail('too_long');
      channel.topic = { value: topic, creator: ctx.actor, last_set: ctx.ws.epochSeconds() };
      return ok({ channel: ctx.ws.channelView(channel) });
    },
  },

  'conversations.invite': {
    scope: channelScope('channels:manage', 'groups:write'),
    run(args, ctx) {
      const channel = usableChannel(ctx, args.channel);
      if (isResult(channel)) return channel;
      const users = (str(args.users) ?? '').split(',').map((u) => u.trim()).filter(Boolean);
      if (users.length === 0) return fail('no_user');
      const problemOf = (user: string): string | undefined => {
        if (user === ctx.actor) return 'cant_invite_self';
        if (!ctx.ws.users.has(user)) return 'user_not_found';
        if (channel.members.includes(user)) return 'already_in_channel';
        return undefined;
      };
      const errors = users.flatMap((user) => {
        const error = problemOf(user);
        return error ? [{ user, ok: false, error }] : [];
      });
      // Without `force`, one bad id refuses the whole call, as Slack does.
      if (errors.length > 0 && !flag(args.force)) return fail(errors[0].error, { errors });
      const failed = new Set(errors.map((e) => e.user));
      channel.members.push(...users.filter((u) => !failed.has(u)));
      return ok({ channel: ctx.ws.channelView(channel), ...(errors.length > 0 ? { errors } : {}) });
    },
  },

  'conversations.archive': {
    scope: channelScope('channels:manage', 'groups:write'),
    run(args, ctx) {
      const channel = ctx.ws.findChannel(str(args.channel));
      if (!channel) return fail('channel_not_found');
      if (channel.is_archived) return fail('already_archived');
      if (channel.is_general) return fail('cant_archive_general');
      channel.is_archived = true;
      return ok();
    },
  },

  'conversations.join': {
    scope: () => 'channels:join',
    run(args, ctx) {
      const channel = usableChannel(ctx, args.channel, false);
      if (isResult(channel)) return channel;
      if (channel.is_private) return fail('method_not_supported_for_channel_type');
      if (channel.members.includes(ctx.actor)) {
        return ok({ channel: ctx.ws.channelView(channel), warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } });
      }
      channel.members.push(ctx.actor);
      return ok({ channel: ctx.ws.channelView(channel) });
    },
  },

  'conversations.info': {
    scope: channelScope('channels:read', 'groups:read'),
    run(args, ctx) {
      const channel = ctx.ws.findChannel(str(args.channel));
      if (!channel || (channel.is_private && !channel.members.includes(ctx.actor))) return fail('channel_not_found');
      return ok({ channel: ctx.ws.channelView(channel) });
    },
  },

  'conversations.list': {
    scope: () => 'channels:read',
    run(args, ctx) {
      // Public channels only (the only type Tocsin asks for), oldest first, archived ones unless excluded.
      const all = [...ctx.ws.channels.values()].filter((c) => !c.is_private && !(flag(args.exclude_archived) && c.is_archived));
      const limit = Math.min(Number(str(args.limit) ?? 100) || 100, 1000);
      const start = Number(Buffer.from(str(args.cursor) ?? '', 'base64').toString().replace('offset:', '')) || 0;
      const next = start + limit < all.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
      return ok({ channels: all.slice(start, start + limit).map((c) => ctx.ws.channelView(c)), response_metadata: { next_cursor: next } });
    },
  },

  'conversations.history': {
    scope: channelScope('channels:history', 'groups:history'),
    run(args, ctx) {
      const channel = ctx.ws.findChannel(str(args.channel));
      if (!channel || (channel.is_private && !channel.members.includes(ctx.actor))) return fail('channel_not_found');
      if (!channel.members.includes(ctx.actor)) return fail('not_in_channel');
      // Newest first, thread replies left out (they are read with conversations.replies).
      const all = (ctx.ws.messages.get(channel.id) ?? []).filter((m) => !m.thread_ts || m.thread_ts === m.ts).reverse();
      const limit = Math.min(Number(str(args.limit) ?? 100) || 100, 999);
      const start = Number(Buffer.from(str(args.cursor) ?? '', 'base64').toString().replace('offset:', '')) || 0;
      const page = all.slice(start, start + limit);
      const hasMore = start + limit < all.length;
      const next = hasMore ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
      return ok({ messages: page, has_more: hasMore, pin_count: 0, response_metadata: { next_cursor: next } });
    },
  },

  'conversations.replies': {
    scope: channelScope('channels:history', 'groups:history'),
    run(args, ctx) {
      const channel = usableChannel(ctx, args.channel);
      if (isResult(channel)) return channel;
      const ts = str(args.ts);
      const all = ctx.ws.messages.get(channel.id) ?? [];
      const parent = all.find((m) => m.ts === ts);
      if (!parent) return fail('thread_not_found');
      const replies = all.filter((m) => m.thread_ts === ts && m.ts !== ts);
      return ok({ messages: [parent, ...replies], has_more: false, response_metadata: { next_cursor: '' } });
    },
  },
};
