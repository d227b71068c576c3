import type { AccessRules } from '../../domain/access/access-rules';
import type { Severity } from '../../domain/incident/severity';
import type { Override } from '../../domain/oncall/override';
import type { Rotation } from '../../domain/oncall/rotation';
import type { EscalationPolicy, EscalationTarget } from '../../domain/escalation/escalation-policy';
import type { NotifyRule } from '../../domain/paging/notify-rule';
import type { Route } from '../../domain/routing/route';

// What the app reads of the applied policy (and of what chat commands made), in the app's terms.

export type { ChatPlatform as Platform } from '../../domain/chat-platform';
import type { ChatPlatform as Platform } from '../../domain/chat-platform';

export interface Person {
  readonly id: string;
  readonly name?: string;
  readonly email?: string;
  readonly slackId?: string;
  readonly teamsId?: string;
  readonly timezone?: string;
  readonly workingHours?: { readonly start: string; readonly end: string; readonly days: readonly string[] };
  /** E.164, for sms and voice. */
  readonly phone?: string;
  /** ntfy topic, for push. */
  readonly ntfy?: string;
  /** Personal notification rules (absent: chat at once); `notifyUrgent` replaces them for sev1. */
  readonly notify?: readonly NotifyRule[];
  readonly notifyUrgent?: readonly NotifyRule[];
  /** `policy`: named by the policy file; `chat`: made by a chat command (known by a chat user id only). */
  readonly source?: 'policy' | 'chat';
}

/** An override as stored, with where it came from and who made it. */
export interface StoredOverride extends Override {
  readonly id: string;
  readonly source: 'policy' | 'chat';
  readonly createdBy?: string;
}

export interface RotationRecord extends Rotation {
  readonly notifyHandoff: boolean;
  /** `policy` rotations are managed by the policy file and refuse chat edits. */
  readonly source: 'policy' | 'chat';
  readonly calendarToken?: string;
}

export type PageTarget = EscalationTarget;
export type EscalationPolicyRecord = EscalationPolicy;

export interface ChatTarget {
  readonly platform: Platform;
  readonly channelPrefix?: string;
  readonly announceChannel?: string;
  readonly responders?: readonly string[];
  /** Teams: team and channel ids. */
  readonly team?: string;
  readonly channel?: string;
  /** Teams notify-only: the environment variable holding a Workflows (Power Automate) webhook URL (a secret). */
  readonly webhookUrlEnv?: string;
}

export interface ServiceRecord {
  readonly id: string;
  readonly name?: string;
  readonly escalationPolicy?: string;
  readonly autoResolve: boolean;
  readonly archiveAfterMs?: number;
  /** `storm.incidents_per_minute`; absent: DEFAULT_INCIDENTS_PER_MINUTE (src/domain/storm/storm-mode.ts). */
  readonly stormPerMinute?: number;
  readonly captureMessages: 'none' | 'pinned' | 'all';
  readonly chat: readonly ChatTarget[];
}

export type { IntegrationKind } from '../../domain/alert/integration-kind';
import type { IntegrationKind } from '../../domain/alert/integration-kind';

export interface IntegrationRecord {
  readonly id: string;
  readonly kind: IntegrationKind;
  readonly tokenEnv: string;
  readonly serviceId?: string;
}

/** As stored: matchers as the policy file writes them. `Catalog.routes()` hands out parsed domain routes. */
export interface RouteRecord {
  readonly match: readonly string[];
  readonly service: string;
  readonly severity?: Severity;
}

export interface SummaryRecord {
  readonly id: string;
  readonly cron: string;
  readonly timezone: string;
  readonly rotations: readonly string[];
  readonly channels: readonly { readonly platform: Platform; readonly id: string }[];
}

export interface Catalog {
  person(id: string): Promise<Person | undefined>;
  people(): Promise<readonly Person[]>;
  rotation(id: string): Promise<RotationRecord | undefined>;
  rotations(): Promise<readonly RotationRecord[]>;
  overrides(rotationId: string, from: Date, to: Date): Promise<readonly Override[]>;
  /** Overrides still to end after `after` (of one rotation, or all), oldest start first, with who made them. */
  overridesEndingAfter(after: Date, rotationId?: string): Promise<readonly StoredOverride[]>;
  /** One override that is not retired. */
  override(id: string): Promise<StoredOverride | undefined>;
  /** The `access:` block of the policy file (defaults when absent). */
  access(): Promise<AccessRules>;
  service(id: string): Promise<ServiceRecord | undefined>;
  services(): Promise<readonly ServiceRecord[]>;
  escalationPolicy(id: string): Promise<EscalationPolicyRecord | undefined>;
  integrations(): Promise<readonly IntegrationRecord[]>;
  routes(): Promise<readonly Route[]>;
  summaries(): Promise<readonly SummaryRecord[]>;
  /** The policy file's default time zone. */
  defaultTimezone(): Promise<string>;
}
