import type { Clock } from '../../src/app/ports/clock';

/** A Slack user as users.info / users.lookupByEmail return it (the fields bots read). */
export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  tz: string;
  tz_offset: number;
  profile: { email?: string; display_name: string; real_name: string };
}

export interface SlackMessage {
  type: 'message';
  ts: string;
  user: string;
  bot_id?: string;
  app_id?: string;
  text: string;
  blocks?: unknown;
  attachments?: unknown;
  metadata?: unknown;
  thread_ts?: string;
  reply_count?: number;
  edited?: { user: string; ts: string };
  reactions?: { name: string; users: string[]; count: number }[];
}

export interface SlackChannel {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  is_general: boolean;
  created: number;
  creator: string;
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
  members: string[];
}

export interface SlackEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown;
  message_ts: string;
}

export interface SlackBookmark {
  id: string;
  channel_id: string;
  title: string;
  link: string;
  emoji: string | null;
  type: string;
  date_created: number;
  date_updated: number;
  last_updated_by_user_id: string;
}

export interface WorkspaceIdentity {
  teamId: string;
  teamName: string;
  domain: string;
  botUserId: string;
  botId: string;
  appId: string;
}

/** The state of the fake workspace: users, channels, messages. Methods in fake-slack-methods.ts read and change it. */
export class SlackWorkspace {
  readonly users = new Map<string, SlackUser>();
  readonly channels = new Map<string, SlackChannel>();
  readonly messages = new Map<string, SlackMessage[]>();
  readonly ephemerals: SlackEphemeral[] = [];
  readonly bookmarks: SlackBookmark[] = [];
  readonly views: Record<string, unknown>[] = [];
  private readonly counters = new Map<string, number>();
  private lastTs = { sec: 0, seq: 0 };

  constructor(
    readonly clock: Clock,
    readonly identity: WorkspaceIdentity,
  ) {
    this.addUser({ id: identity.botUserId, name: 'tocsin', real_name: 'Tocsin', is_bot: true });
  }

  addUser(user: { id?: string; name: string; email?: string; real_name?: string; tz?: string; is_bot?: boolean }): SlackUser {
    const realName = user.real_name ?? user.name;
    const created: SlackUser = {
      id: user.id ?? this.nextId('U'),
      team_id: this.identity.teamId,
      name: user.name,
      real_name: realName,
      deleted: false,
      is_bot: user.is_bot ?? false,
      is_app_user: false,
      tz: user.tz ?? 'Etc/UTC',
      tz_offset: 0,
      profile: { ...(user.email ? { email: user.email } : {}), display_name: user.name, real_name: realName },
    };
    this.users.set(created.id, created);
    return created;
  }

  /** A channel that exists before the test (e.g. an announce channel). The bot is a member unless told otherwise. */
  addChannel(channel: { name: string; is_private?: boolean; members?: string[]; botIsMember?: boolean; is_general?: boolean }, creator = this.identity.botUserId): SlackChannel {
    const members = [...(channel.botIsMember === false ? [] : [this.identity.botUserId]), ...(channel.members ?? [])];
    const created: SlackChannel = {
      id: this.nextId('C'),
      name: channel.name,
      is_private: channel.is_private ?? false,
      is_archived: false,
      is_general: channel.is_general ?? false,
      created: this.epochSeconds(),
      creator,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      members: [...new Set(members)],
    };
    this.channels.set(created.id, created);
    this.messages.set(created.id, []);
    return created;
  }

  /** By id, `name` or `#name`, as chat.postMessage accepts. */
  findChannel(ref: string | undefined): SlackChannel | undefined {
    if (!ref) return undefined;
    const byId = this.channels.get(ref);
    if (byId) return byId;
    const name = ref.replace(/^#/, '');
    return [...this.channels.values()].find((c) => c.name === name);
  }

  userByEmail(email: string): SlackUser | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((u) => u.profile.email?.toLowerCase() === wanted);
  }

  /** The channel object Slack returns, seen by the bot. */
  channelView(channel: SlackChannel): Record<string, unknown> {
    const { members, ...rest } = channel;
    return {
      ...rest,
      is_channel: !channel.is_private,
      is_group: channel.is_private,
      is_im: false,
      is_mpim: false,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: members.includes(this.identity.botUserId),
      name_normalized: channel.name,
      num_members: members.length,
      previous_names: [],
      unlinked: 0,
    };
  }

  /** Message timestamps are unique and increase, like Slack's `1503435956.000247`. */
  nextTs(): string {
    const sec = this.epochSeconds();
    this.lastTs = sec > this.lastTs.sec ? { sec, seq: 1 } : { sec: this.lastTs.sec, seq: this.lastTs.seq + 1 };
    return `${this.lastTs.sec}.${String(this.lastTs.seq).padStart(6, '0')}`;
  }

  epochSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  nextId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${String(n).padStart(8, '0')}`;
  }
}
