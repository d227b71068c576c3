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
} as const;

export type NoticeKind = (typeof NOTICE)[keyof typeof NOTICE];

/** The kinds `notify` writes per chat target of an incident (src/app/chat-notices.ts). */
export type IncidentNoticeKind = typeof NOTICE.incidentOpened | typeof NOTICE.incidentUpdated | typeof NOTICE.incidentMessage | typeof NOTICE.incidentPage | typeof NOTICE.incidentResolved;
