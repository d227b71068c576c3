import type { Person } from '../../app/ports/catalog';
import type { AlertLink } from '../../domain/alert/alert';

/** A card Tocsin keeps current. `inServiceChannel`: the copy in the service channel that points at the incident channel. */
export interface CardRef {
  readonly conversationId: string;
  readonly activityId: string;
  readonly inServiceChannel?: boolean;
}

/**
 * Everything a later update needs, kept as the incident's Teams channel link
 * (`chat_channels.announcement_ref`): where to call, which cards to replace, the thread lines go
 * to, and what the card showed that the update notices do not carry (on call, links).
 */
export interface TeamsAnnouncement {
  readonly v: 1;
  readonly serviceUrl: string;
  readonly tenantId?: string;
  /** The incident's own conversation: the thread under its card. */
  readonly thread: string;
  readonly cards: readonly CardRef[];
  readonly oncall: readonly Person[];
  readonly links: readonly AlertLink[];
  /** The channel Graph made for the incident, when it did. */
  readonly channel?: { readonly id: string; readonly name: string; readonly webUrl?: string };
}

export function readAnnouncement(ref: string | null): TeamsAnnouncement | undefined {
  if (!ref) return undefined;
  try {
    const value = JSON.parse(ref) as Partial<TeamsAnnouncement>;
    return value.v === 1 && typeof value.serviceUrl === 'string' && Array.isArray(value.cards) ? (value as TeamsAnnouncement) : undefined;
  } catch {
    return undefined;
  }
}

/** Graph's limit for a channel's display name. */
export const MAX_CHANNEL_NAME = 50;

/**
 * `inc-<number>-<slug of the title>` (SPEC), cut to Graph's 50 characters at a word boundary when
 * one is near. The slug keeps letters and digits only, so none of the characters Teams refuses in
 * channel names (`~#%&*{}+/\:<>?|'",`) can reach Graph.
 */
export function incidentChannelName(prefix: string | undefined, number: number, title: string): string {
  const head = `${(prefix ?? 'inc').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_.]+|-+$/g, '') || 'inc'}-${number}`;
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!slug) return head.slice(0, MAX_CHANNEL_NAME);
  const room = MAX_CHANNEL_NAME - head.length - 1;
  if (room <= 0) return head.slice(0, MAX_CHANNEL_NAME);
  if (slug.length <= room) return `${head}-${slug}`;
  const cut = slug.slice(0, room);
  const word = cut.lastIndexOf('-');
  return `${head}-${(word > room / 2 ? cut.slice(0, word) : cut).replace(/-+$/, '')}`;
}
