import type { AlertLink } from '../../domain/alert/alert';
import type { Incident, IncidentStatus } from '../../domain/incident/incident';
import type { Severity } from '../../domain/incident/severity';
import type { NewTimelineEntry, TimelineEntry, TimelineKind } from '../../domain/timeline/timeline-entry';
import type { AckTokenRepo } from './ack-tokens';
import type { Catalog, EscalationPolicyRecord } from './catalog';
import type { OutboxMessage } from './outbox';
import type { TimerRepo } from './timers';
import type { PolicyWriter } from './policy-writer';
import type { WebSessionRepo } from './web-sessions';
import type { StormRepo } from './storms';

export interface NewIncident {
  readonly title: string;
  readonly severity: Severity;
  readonly serviceId: string | null;
  readonly dedupKey: string | null;
  readonly integrationId: string | null;
  /** Copied when the incident opens: later policy edits do not change pages already in flight. */
  readonly escalationPolicy: EscalationPolicyRecord | null;
  readonly createdAt: string;
}

export type IncidentPatch = Partial<Pick<Incident, 'title' | 'severity' | 'status' | 'acknowledgedAt' | 'acknowledgedBy' | 'resolvedAt' | 'resolvedBy'>> & {
  readonly assignee?: string | null;
};

export interface IncidentDetails extends Incident {
  readonly integrationId: string | null;
  readonly escalationPolicy: EscalationPolicyRecord | null;
  readonly assignee: string | null;
  readonly alertCount: number;
  readonly lastActivityAt: string;
}

export interface IncidentRepo {
  /** Opens an incident with the next number; the number is taken in the same transaction, so numbers have no gaps. */
  create(data: NewIncident): Promise<IncidentDetails>;
  byNumber(number: number): Promise<IncidentDetails | undefined>;
  byId(id: number): Promise<IncidentDetails | undefined>;
  openByDedupKey(dedupKey: string): Promise<IncidentDetails | undefined>;
  /** Takes the incident's row lock (PostgreSQL) so concurrent writers to one incident queue up. */
  lock(id: number): Promise<void>;
  update(id: number, patch: IncidentPatch): Promise<void>;
  list(filter?: { readonly status?: IncidentStatus; readonly limit?: number; readonly since?: string }): Promise<readonly IncidentDetails[]>;
  /** One page of the web list: open incidents first, then resolved ones, newest first in each; `total` counts every match. */
  page(filter: IncidentPageFilter): Promise<{ readonly incidents: readonly IncidentDetails[]; readonly total: number }>;
}

/** `open`: triggered or acknowledged. */
export interface IncidentPageFilter {
  readonly status?: IncidentStatus | 'open';
  readonly serviceId?: string;
  readonly offset: number;
  readonly limit: number;
}

export interface StoredAlert {
  readonly id: number;
  readonly incidentId: number;
  readonly fingerprint: string;
  readonly status: 'firing' | 'resolved';
  readonly title: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly details: Readonly<Record<string, unknown>>;
  readonly links: readonly AlertLink[];
  readonly repeatCount: number;
  readonly lastSeenAt: string;
}

export interface AlertRepo {
  find(incidentId: number, fingerprint: string): Promise<StoredAlert | undefined>;
  insert(a: Omit<StoredAlert, 'id' | 'repeatCount'> & { readonly startsAt?: string; readonly endsAt?: string }): Promise<StoredAlert>;
  /** Records a repeat of the same state (no timeline entry: repeats are counted, not logged). */
  touch(id: number, at: string): Promise<void>;
  setStatus(id: number, status: 'firing' | 'resolved', at: string, endsAt?: string): Promise<void>;
  listFor(incidentId: number): Promise<readonly StoredAlert[]>;
  countFiring(incidentId: number): Promise<number>;
}

export interface TimelineRepo {
  /** Appends with the next seq and the hash of the entry before it. Also marks incident activity. */
  append(incidentId: number, entry: AppendedEntry): Promise<TimelineEntry>;
  list(incidentId: number): Promise<readonly TimelineEntry[]>;
}

export interface ChannelLink {
  readonly incidentId: number;
  readonly platform: string;
  readonly channelId: string;
  readonly name: string;
  readonly announcementRef: string | null;
}

export interface ChannelRepo {
  forIncident(incidentId: number): Promise<readonly ChannelLink[]>;
  byChannel(platform: string, channelId: string): Promise<ChannelLink | undefined>;
  save(link: ChannelLink): Promise<void>;
}

export interface OutboxRepo {
  enqueue(message: OutboxMessage): Promise<void>;
}

/** Everything one transaction may touch. */
export interface Tx {
  readonly incidents: IncidentRepo;
  readonly alerts: AlertRepo;
  readonly timeline: TimelineRepo;
  readonly channels: ChannelRepo;
  readonly outbox: OutboxRepo;
  readonly timers: TimerRepo;
  readonly catalog: Catalog;
  readonly policy: PolicyWriter;
  readonly ackTokens: AckTokenRepo;
  readonly webSessions: WebSessionRepo;
  readonly storms: StormRepo;
}

export interface Store {
  /**
   * Runs `work` atomically: all of its writes commit together or none do. Several callers' work
   * may share one physical commit (group commit, each in its own savepoint); the promise settles
   * only after that commit is durable. `work` must do database work only — no network calls.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Reads outside any transaction. */
  readonly read: Tx;
}

/**
 * What `Store.transaction` rejects with when the database refused the work for a reason a retry
 * gets past: a unique key a concurrent writer took first, a deadlock victim, a serialization
 * failure. The store adapter knows its database's error codes; the app only knows this.
 */
export class StoreConflict extends Error {
  constructor(readonly reason: unknown) {
    super(`the database refused a concurrent change: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'StoreConflict';
  }
}

/** What a use case may append: an entry whose kind is one of TIMELINE_KINDS (declared once, in the domain). */
export type AppendedEntry = NewTimelineEntry & { readonly kind: TimelineKind };
