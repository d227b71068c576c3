import type { IncidentView } from '../../app/chat-notices';
import type { ChatTarget, Person } from '../../app/ports/catalog';
import type { PendingMessage } from '../../app/ports/outbox';
import type { AlertLink } from '../../domain/alert/alert';

// The payloads `src/app/chat-notices.ts` (and the timer and escalation engines) write, as the
// Slack deliverer reads them. Fields the writer may leave out are optional here.

/** Who `text` names on purpose: only these `@id` become Slack mentions (src/app/chat-notices.ts). */
interface Mentioning {
  readonly mentions?: readonly string[];
}

export interface IncidentNotice extends Mentioning {
  readonly incident: IncidentView;
  readonly target: ChatTarget;
  readonly text?: string;
}

export interface OpenedNotice extends IncidentNotice {
  readonly oncall?: readonly Person[];
  readonly responders?: readonly Person[];
  readonly links?: readonly AlertLink[];
}

export interface ResolvedNotice extends IncidentNotice {
  readonly summary?: string | null;
  readonly durationMs?: number;
  readonly timeToAckMs?: number | null;
}

export interface PageNotice extends IncidentNotice {
  readonly people?: readonly Person[];
  readonly person?: Person;
  readonly step?: number;
}

export interface ChannelPostNotice extends Mentioning {
  readonly channel: string | { readonly id: string };
  readonly text: string;
  readonly blocks?: readonly Record<string, unknown>[];
}

export interface PersonNotice extends Mentioning {
  readonly person: Person;
  readonly text: string;
}

export function payloadOf<T>(row: PendingMessage): T {
  return row.payload as unknown as T;
}
