import { NOTICE, type IncidentNotice, type IncidentNoticeKind } from '../../app/outbox/notice-contracts';
import type { ChatTarget, Person } from '../../app/ports/catalog';
import type { IncidentView } from '../../app/chat-notices';
import type { AlertLink } from '../../domain/alert/alert';

// A notice about one incident as the Teams renderers use it, made from the payload
// src/app/outbox/notice-contracts.ts read: whom it pages in one list, the target known to be Teams.

export interface TeamsNotice {
  readonly kind: IncidentNoticeKind;
  readonly incident: IncidentView;
  readonly target: ChatTarget & { readonly platform: 'teams' };
  readonly oncall: readonly Person[];
  /** Whom a `notice.incident_page` pages. */
  readonly paged: readonly Person[];
  readonly links: readonly AlertLink[];
  readonly text?: string;
  readonly summary?: string | null;
  readonly durationMs?: number | null;
  /** A `notice.incident_opened` during a storm on its service: a thread in the service channel, no channel of its own. */
  readonly inStorm?: boolean;
}

export type NoticeParse = { readonly ok: true; readonly notice: TeamsNotice } | { readonly ok: false; readonly error: string };

export function teamsNotice(notice: IncidentNotice): NoticeParse {
  const p = notice.payload;
  if (p.target.platform !== 'teams') return { ok: false, error: `a ${notice.kind} notice for ${p.target.platform} reached the Teams deliverer` };
  const oncall = notice.kind === NOTICE.incidentOpened ? notice.payload.oncall : [];
  const paged = notice.kind === NOTICE.incidentPage ? [...(notice.payload.person ? [notice.payload.person] : []), ...notice.payload.people] : oncall;
  return {
    ok: true,
    notice: {
      kind: notice.kind,
      incident: p.incident,
      target: p.target as TeamsNotice['target'],
      oncall,
      paged,
      links: notice.kind === NOTICE.incidentOpened ? notice.payload.links : [],
      ...(p.text !== undefined ? { text: p.text } : {}),
      ...(notice.kind === NOTICE.incidentResolved ? { summary: notice.payload.summary, durationMs: notice.payload.durationMs ?? null } : {}),
      ...(notice.kind === NOTICE.incidentOpened && notice.payload.inStorm ? { inStorm: true } : {}),
    },
  };
}
