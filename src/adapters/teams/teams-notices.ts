import * as z from 'zod';
import type { IncidentView } from '../../app/chat-notices';
import type { ChatTarget, Person } from '../../app/ports/catalog';
import type { AlertLink } from '../../domain/alert/alert';

// The outbox payloads of src/app/chat-notices.ts, read back at the edge. Unknown keys are kept
// out, missing optional ones become empty: a payload written by an older version still delivers.

const person = z.looseObject({ id: z.string(), name: z.string().optional(), email: z.string().optional(), teamsId: z.string().optional() });
const link = z.looseObject({ title: z.string(), url: z.string() });
const nullableString = z.string().nullable().default(null);

const incident = z.looseObject({
  id: z.number(),
  ref: z.string(),
  number: z.number(),
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

const target = z.looseObject({
  platform: z.literal('teams'),
  team: z.string().optional(),
  channel: z.string().optional(),
  channelPrefix: z.string().optional(),
  webhookUrlEnv: z.string().optional(),
});

const notice = z.object({
  incident,
  target,
  oncall: z.array(person).default([]),
  people: z.array(person).default([]),
  person: person.optional(),
  links: z.array(link).default([]),
  text: z.string().optional(),
  summary: z.string().nullable().optional(),
  durationMs: z.number().nullable().optional(),
});

export interface TeamsNotice {
  readonly kind: string;
  readonly incident: IncidentView;
  readonly target: ChatTarget & { readonly platform: 'teams' };
  readonly oncall: readonly Person[];
  /** Whom an `notice.incident_page` pages. */
  readonly paged: readonly Person[];
  readonly links: readonly AlertLink[];
  readonly text?: string;
  readonly summary?: string | null;
  readonly durationMs?: number | null;
}

export type NoticeParse = { readonly ok: true; readonly notice: TeamsNotice } | { readonly ok: false; readonly error: string };

export function parseNotice(kind: string, payload: unknown): NoticeParse {
  const r = notice.safeParse(payload);
  if (!r.success) return { ok: false, error: `unreadable ${kind} payload: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  const { people, person: one, ...rest } = r.data;
  return {
    ok: true,
    notice: {
      kind,
      ...rest,
      incident: r.data.incident as IncidentView,
      target: r.data.target as TeamsNotice['target'],
      paged: one ? [one, ...people] : people.length ? people : r.data.oncall,
    },
  };
}
