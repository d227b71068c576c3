import { createHash } from 'node:crypto';
import { DEFAULT_ACCESS, type AccessRules } from '../../domain/access/access-rules';
import { formatMatcher } from '../../domain/routing/label-matcher';
import type { Policy } from '../../config/policy-schema';
import { toEscalationPolicy } from '../../config/policy-escalation';
import type { ChatTarget, EscalationPolicyRecord, IntegrationRecord, Person, RotationRecord, RouteRecord, ServiceRecord, SummaryRecord } from '../ports/catalog';
import type { PolicyObjectKind, StoredOverride } from '../ports/policy-writer';

/** The policy file in the shapes the database keeps: what `tocsin apply` wants stored. */
export interface DesiredState {
  readonly people: readonly Person[];
  readonly rotations: readonly RotationRecord[];
  readonly overrides: readonly StoredOverride[];
  readonly objects: readonly { readonly kind: PolicyObjectKind; readonly id: string; readonly position: number; readonly definition: unknown }[];
}

/** The `access:` block as the app reads it; absent, the defaults (unknown users read only). */
export function accessRules(p: Policy): AccessRules {
  const a = p.access;
  return { admins: a?.admins ?? DEFAULT_ACCESS.admins, unknownUsers: a?.unknown_users ?? DEFAULT_ACCESS.unknownUsers, maxOverrideMs: a?.max_override?.ms ?? DEFAULT_ACCESS.maxOverrideMs };
}

const drop = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Overrides in the file have no id: one derived from their content makes re-applying idempotent. */
export function policyOverrideId(o: { rotation: string; person: string; start: string; end: string }): string {
  return `policy-${createHash('sha256').update(`${o.rotation}|${o.person}|${o.start}|${o.end}`).digest('hex').slice(0, 16)}`;
}

export function desiredState(p: Policy): DesiredState {
  const people: Person[] = p.people.map((x) =>
    drop({ id: x.id, name: x.name, email: x.email, slackId: x.slack, teamsId: x.teams, timezone: x.timezone, workingHours: x.working_hours, phone: x.phone, ntfy: x.ntfy, notify: x.notify, notifyUrgent: x.notify_urgent }),
  );
  const rotations: RotationRecord[] = p.rotations.map((r) =>
    drop({
      id: r.id,
      name: r.name,
      timezone: r.timezone,
      period: r.period === 'weekly' ? { kind: 'weekly' as const } : r.period === 'daily' ? { kind: 'daily' as const } : { kind: 'days' as const, days: r.period.days },
      handoff: drop({ weekday: r.handoff.weekday, time: r.handoff.time }),
      start: r.start,
      members: r.members,
      notifyHandoff: r.notify_handoff,
      source: 'policy' as const,
    }),
  );
  const overrides: StoredOverride[] = p.overrides.map((o) => ({ id: policyOverrideId(o), rotationId: o.rotation, personId: o.person, start: o.start, end: o.end, source: 'policy' }));
  const policies: EscalationPolicyRecord[] = p.escalation_policies.map(toEscalationPolicy);
  const services: ServiceRecord[] = p.services.map((s) =>
    drop({
      id: s.id,
      name: s.name,
      escalationPolicy: s.escalation_policy,
      autoResolve: s.auto_resolve,
      archiveAfterMs: s.archive_after?.ms,
      stormPerMinute: s.storm?.incidents_per_minute,
      captureMessages: s.capture_messages,
      chat: s.chat.map((c): ChatTarget =>
        c.platform === 'slack'
          ? drop({ platform: 'slack', channelPrefix: c.channel_prefix, announceChannel: c.announce_channel, responders: c.responders })
          : drop({ platform: 'teams', team: c.team, channel: c.channel, webhookUrlEnv: c.webhook_url_env, channelPrefix: c.channel_prefix, responders: c.responders }),
      ),
    }),
  );
  const integrations: IntegrationRecord[] = p.integrations.map((i) => drop({ id: i.id, kind: i.kind, tokenEnv: i.token_env, serviceId: i.service }));
  const routes: RouteRecord[] = p.routes.map((r) => drop({ match: (r.match ?? []).map(formatMatcher), service: r.service, severity: r.severity }));
  const summaries: SummaryRecord[] = p.summaries.map((s) => ({ id: s.id, cron: s.cron, timezone: s.timezone, rotations: s.rotations, channels: s.channels }));
  const objects = [
    ...policies.map((d, i) => ({ kind: 'escalation_policy' as const, id: d.id, position: i, definition: d })),
    ...services.map((d, i) => ({ kind: 'service' as const, id: d.id, position: i, definition: d })),
    ...integrations.map((d, i) => ({ kind: 'integration' as const, id: d.id, position: i, definition: d })),
    // Routes have no id in the file: their place is their identity (first match wins).
    ...routes.map((d, i) => ({ kind: 'route' as const, id: `route-${String(i).padStart(4, '0')}`, position: i, definition: d })),
    ...summaries.map((d, i) => ({ kind: 'summary' as const, id: d.id, position: i, definition: d })),
    { kind: 'settings' as const, id: 'default', position: 0, definition: { timezone: p.timezone, access: accessRules(p) } },
  ];
  return { people, rotations, overrides, objects };
}
