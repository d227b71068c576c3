import * as z from 'zod';
import type { PendingMessage } from '../ports/outbox';

/**
 * Every kind of outbox row, declared once. Stored in `outbox.kind`: renaming one means a migration
 * that rewrites the rows still pending (as 202612021530_notice_and_timer_kinds did). All start with
 * `notice.`, so none reads like a timeline kind (`incident.opened` is what happened; the notice
 * `notice.incident_opened` is what chat is told about it) or a timer kind (`timer.*`).
 */
export const NOTICE = {
  /** The incident's channel, invites, announcement with buttons. */
  incidentOpened: 'notice.incident_opened',
  /** Announcement and topic refreshed, plus a line saying what changed. */
  incidentUpdated: 'notice.incident_updated',
  /** One line in the incident's channel. */
  incidentMessage: 'notice.incident_message',
  /** Mention in the channel and a direct message to the people paged. */
  incidentPage: 'notice.incident_page',
  /** Announcement closed, the summary posted. */
  incidentResolved: 'notice.incident_resolved',
  /** The incident's channel archived (the channel-archive timer fired). */
  incidentArchive: 'notice.incident_archive',
  /** A post to a named channel (summaries, a channel paged by an escalation step). */
  channelPost: 'notice.channel_post',
  /** A direct message to a person (handoffs, sign-in links, a test page in chat). */
  personMessage: 'notice.person_message',
  /** A personal notification through a provider (email, SMS, voice, push); platform = channel. */
  personNotification: 'notice.person_notification',
  /** Storm mode: storm started or ended, a line in the service's announce channel. */
  stormLine: 'notice.storm_line',
  /** Storm mode: the minute's digest, posted once and updated in place (content read at delivery). */
  stormDigest: 'notice.storm_digest',
} as const;

export type NoticeKind = (typeof NOTICE)[keyof typeof NOTICE];

/** The kinds `notify` writes per chat target of an incident (src/app/chat-notices.ts). */
export const INCIDENT_NOTICE_KINDS = [NOTICE.incidentOpened, NOTICE.incidentUpdated, NOTICE.incidentMessage, NOTICE.incidentPage, NOTICE.incidentResolved] as const;
export type IncidentNoticeKind = (typeof INCIDENT_NOTICE_KINDS)[number];

// What each kind carries, as zod schemas: the one reading of a stored payload for every deliverer
// (Slack, Teams, the local log, the paging providers). Fields a writer may leave out are optional
// or get a default, so a row written by an older version still reads. Adding a kind: a NOTICE
// entry, its schema in NOTICE_SCHEMAS, and the deliverers that render it.

const person = z.object({
  id: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  slackId: z.string().optional(),
  teamsId: z.string().optional(),
  timezone: z.string().optional(),
  phone: z.string().optional(),
  ntfy: z.string().optional(),
});
/** Lists are readonly: writers pass what the catalog and the domain hand them. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
const people = list(person).default([]);
const nullableString = z.string().nullable().default(null);
/** Who `text` names on purpose: only these `@id` become real mentions (src/app/chat-notices.ts). */
const mentions = list(z.string()).default([]);

const incident = z.object({
  id: z.number().int(),
  ref: z.string(),
  number: z.number().int(),
  title: z.string(),
  severity: z.string(),
  status: z.string(),
  serviceId: nullableString,
  createdAt: z.string(),
  acknowledgedAt: nullableString,
  acknowledgedBy: nullableString,
  resolvedAt: nullableString,
  resolvedBy: nullableString,
  assignee: nullableString,
});

const target = z.object({
  platform: z.string(),
  channelPrefix: z.string().optional(),
  announceChannel: z.string().optional(),
  responders: list(z.string()).optional(),
  team: z.string().optional(),
  channel: z.string().optional(),
  webhookUrlEnv: z.string().optional(),
});

/** Every notice about one incident, per chat target of its service. */
const aboutIncident = { incident, target, text: z.string().optional(), mentions };

/** The service a storm notice is about (src/app/storm/storm-notices.ts). */
const stormService = z.object({ id: z.string(), name: z.string() });

const link = z.object({ title: z.string(), url: z.string() });

const httpUrl = z
  .string()
  .transform((v) => (isHttpUrl(v) ? v : undefined))
  .optional();

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'http:' || protocol === 'https:';
}

export const NOTICE_SCHEMAS = {
  [NOTICE.incidentOpened]: z.object({
    ...aboutIncident,
    oncall: people,
    responders: people,
    links: list(link).default([]),
    /** Opened during a storm on its service (ADR 0009): a platform that cannot hold it back still opens no channel of its own for it. */
    inStorm: z.boolean().default(false),
  }),
  [NOTICE.incidentUpdated]: z.object(aboutIncident),
  [NOTICE.incidentMessage]: z.object(aboutIncident),
  [NOTICE.incidentPage]: z.object({
    ...aboutIncident,
    /** Whom it pages (older rows: one `person`). */
    people,
    person: person.optional(),
    step: z.number().int().optional(),
    round: z.number().int().optional(),
    rule: z.number().int().optional(),
  }),
  [NOTICE.incidentResolved]: z.object({ ...aboutIncident, summary: z.string().nullable().default(null), durationMs: z.number().optional(), timeToAckMs: z.number().nullable().default(null) }),
  [NOTICE.incidentArchive]: z.object({ incident, target }),
  [NOTICE.channelPost]: z.object({
    /** Older rows: the channel id alone. */
    channel: z.union([z.string(), z.object({ platform: z.string().optional(), id: z.string() })]).transform((c) => (typeof c === 'string' ? { id: c } : c)),
    text: z.string(),
    mentions,
    /** A summary's heading and sections, for platforms that format them (Teams). */
    title: z.string().optional(),
    sections: list(z.object({ title: z.string(), lines: list(z.string()) })).optional(),
    summary: z.string().optional(),
    period: z.string().optional(),
    /** The incident a paged channel is told about (its ref). */
    incident: z.string().optional(),
  }),
  [NOTICE.personMessage]: z.object({ person, text: z.string(), mentions, test: z.boolean().optional(), role: z.string().optional() }),
  /** Paging a person beyond chat (src/app/ports/notification.ts). Links that are not http(s) are dropped: they go into mails, calls and buttons. */
  [NOTICE.personNotification]: z.object({
    channel: z.enum(['push', 'sms', 'voice', 'email']),
    /**
     * Stable id of this notification (`<incidentId>:<personId>:<page>:<rule>` — page: when the person
     * was paged, in epoch ms; rule: from 1 — or `test:…`), for idempotency and callbacks
     * (`/twilio/status?n=<notificationId>`, `/twilio/voice?n=<notificationId>`).
     */
    notificationId: z.string().min(1),
    test: z.boolean().default(false),
    incident: z.object({ id: z.number(), ref: z.string(), number: z.number().int().nonnegative(), title: z.string(), severity: z.string(), service: nullableString }),
    /** The person as a provider needs them: name and contacts only (phone: E.164; ntfy: a topic). */
    person: z.object({ id: z.string(), name: z.string().optional(), email: z.string().optional(), phone: z.string().optional(), ntfy: z.string().optional() }),
    /** The one-click acknowledge link (`<PUBLIC_URL>/ack/<token>`): email and push. */
    ackUrl: httpUrl,
    /** The incident's page or channel, when known: push's Click, the email's link. */
    incidentUrl: httpUrl,
  }),
  [NOTICE.stormLine]: z.object({ service: stormService, target, text: z.string() }),
  [NOTICE.stormDigest]: z.object({ service: stormService, target, minuteAt: z.string() }),
} as const satisfies Record<NoticeKind, z.ZodType>;

/** A notice's payload as deliverers read it. */
export type NoticePayload<K extends NoticeKind> = z.output<(typeof NOTICE_SCHEMAS)[K]>;
export type OpenedNotice = NoticePayload<typeof NOTICE.incidentOpened>;
export type UpdatedNotice = NoticePayload<typeof NOTICE.incidentUpdated>;
export type MessageNotice = NoticePayload<typeof NOTICE.incidentMessage>;
export type PageNotice = NoticePayload<typeof NOTICE.incidentPage>;
export type ResolvedNotice = NoticePayload<typeof NOTICE.incidentResolved>;
export type ArchiveNotice = NoticePayload<typeof NOTICE.incidentArchive>;
export type ChannelPostNotice = NoticePayload<typeof NOTICE.channelPost>;
export type PersonMessageNotice = NoticePayload<typeof NOTICE.personMessage>;
export type PersonNotificationNotice = NoticePayload<typeof NOTICE.personNotification>;
export type StormLineNotice = NoticePayload<typeof NOTICE.stormLine>;
export type StormDigestNotice = NoticePayload<typeof NOTICE.stormDigest>;
/** What a writer puts in a notice's payload (defaults may be left out). */
export type NoticeInput<K extends NoticeKind> = z.input<(typeof NOTICE_SCHEMAS)[K]>;
/** A notice read back: narrow on `kind` to get its payload's type. */
export type Notice = { [K in NoticeKind]: { readonly kind: K; readonly payload: NoticePayload<K> } }[NoticeKind];

export type IncidentNotice = Extract<Notice, { readonly kind: IncidentNoticeKind }>;
export const isIncidentNotice = (notice: Notice): notice is IncidentNotice => (INCIDENT_NOTICE_KINDS as readonly string[]).includes(notice.kind);

export type NoticeRead = { readonly ok: true; readonly notice: Notice } | { readonly ok: false; readonly error: string };

const KINDS: ReadonlySet<string> = new Set(Object.values(NOTICE));
export const isNoticeKind = (kind: string): kind is NoticeKind => KINDS.has(kind);

/**
 * A stored payload (the JSON text or the parsed object) read as its kind says, or why it cannot
 * be: an unknown kind, or each field that is missing or wrong, by path. A row that does not read
 * will not read on a retry either: deliverers mark it failed with this reason.
 */
export function parseNotice(kind: string, json: unknown): NoticeRead {
  if (!isNoticeKind(kind)) return { ok: false, error: `unknown notice kind ${kind}` };
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      return { ok: false, error: `unreadable ${kind} payload: not JSON` };
    }
  }
  const r = NOTICE_SCHEMAS[kind].safeParse(value);
  if (!r.success) return { ok: false, error: `unreadable ${kind} payload: ${r.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ')}` };
  return { ok: true, notice: { kind, payload: r.data } as Notice };
}

/** `parseNotice` of an outbox row, its id in the reason. */
export function readNotice(row: Pick<PendingMessage, 'id' | 'kind' | 'payload'>): NoticeRead {
  const read = parseNotice(row.kind, row.payload);
  return read.ok ? read : { ok: false, error: `outbox ${row.id}: ${read.error}` };
}
