import * as z from 'zod';
import { calendarDateSchema, durationSchema, idSchema, instantSchema, refSchema, timeOfDaySchema, timeZoneSchema, weekdaySchema } from './policy-fields';
import { personPagingKeys } from './policy-person-paging';
import { escalationPolicySchema, integrationSchema, routeSchema, serviceSchema, summarySchema } from './policy-schema-paging';

/**
 * The policy file (`tocsin.yml`), key for key as `policy-example.yml` shows it. Unknown keys are
 * errors everywhere (strict objects): a typo like `escalation_policys` must never pass silently.
 * What the schema cannot see — references between entries, and paging-path lint — lives in
 * policy-references.ts and policy-lint.ts; `checkPolicyText` (policy-check.ts) runs all three.
 */

const workingHoursSchema = z
  .strictObject({
    start: timeOfDaySchema.describe('Start of the working day, HH:MM in the person\'s zone.'),
    end: timeOfDaySchema.describe('End of the working day, HH:MM.'),
    days: z.array(weekdaySchema).default(['mon', 'tue', 'wed', 'thu', 'fri']).describe('Working days; default mon..fri.'),
  })
  .describe('When the person is normally at work.');

export const personSchema = z
  .strictObject({
    id: idSchema,
    name: z.string().optional().describe('Display name.'),
    email: z.email({ error: 'expected an email address' }).optional().describe('Used to find the person in Slack / Teams when no id is given.'),
    slack: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'expected a Slack user id, like U01ALICE').optional().describe('Slack user id.'),
    teams: z
      .string()
      .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|29:.+)$/i, 'expected an Entra (AAD) object id, like 00000000-0000-0000-0000-00000000a11c')
      .optional()
      .describe('Entra (AAD) object id of the Teams user.'),
    timezone: timeZoneSchema.optional().describe('The person\'s zone; default the top-level timezone.'),
    working_hours: workingHoursSchema.optional(),
    ...personPagingKeys,
  })
  .describe('Someone who can be paged.');

const periodSchema = z
  .union([z.enum(['weekly', 'daily']), z.strictObject({ days: z.int().min(1).describe('Shift length in days.') })], { error: 'expected weekly, daily or { days: N } with N ≥ 1' })
  .describe('Shift length: weekly | daily | { days: N }.');

export const rotationSchema = z
  .strictObject({
    id: idSchema,
    name: z.string().optional().describe('Display name.'),
    timezone: timeZoneSchema.optional().describe('Zone of the handoff time; default the top-level timezone.'),
    period: periodSchema.default('weekly'),
    handoff: z
      .strictObject({
        weekday: weekdaySchema.optional().describe('Handoff day; weekly rotations only.'),
        time: timeOfDaySchema.describe('Handoff time, HH:MM local to the rotation\'s zone.'),
      })
      .describe('When one shift hands over to the next.'),
    start: calendarDateSchema.describe('The first shift starts at the first handoff on or after this date.'),
    members: z.array(refSchema).default([]).describe('People ids, in order.'),
    notify_handoff: z.boolean().default(false).describe('Tell the incoming and outgoing person at each handoff.'),
  })
  .describe('People taking turns being on call.');

export const overrideSchema = z
  .strictObject({
    rotation: refSchema.describe('Rotation being covered.'),
    person: refSchema.describe('Who is on call instead during the span.'),
    start: instantSchema.describe('Start of the span, with its offset: 2026-12-24T00:00:00+01:00.'),
    end: instantSchema.describe('End of the span (exclusive), with its offset.'),
  })
  .describe('Someone covers a span of a rotation.');

export const accessSchema = z
  .strictObject({
    admins: z.array(refSchema).default([]).describe('People ids who may override any rotation, edit rotations in chat and remove any override.'),
    unknown_users: z
      .enum(['read', 'respond'], { error: 'expected read or respond' })
      .default('read')
      .describe('What chat users the file does not name may do: read (the default) or respond like people.'),
    max_override: durationSchema.optional().describe('The longest override anyone may set (chat or this file); default 30d.'),
  })
  .describe('Who may do what in chat: SPEC "Who may do what".');

const TOP_LEVEL = {
  timezone: timeZoneSchema.default('UTC').describe('Default zone for everything that names none.'),
  people: z.array(personSchema).default([]).describe('Everyone who can be paged.'),
  access: accessSchema.optional(),
  rotations: z.array(rotationSchema).default([]).describe('On-call rotations managed by this file.'),
  overrides: z.array(overrideSchema).default([]).describe('Spans where someone covers a rotation.'),
  escalation_policies: z.array(escalationPolicySchema).default([]).describe('Who is paged for an incident, and how fast it escalates.'),
  services: z.array(serviceSchema).default([]).describe('Services incidents belong to.'),
  integrations: z.array(integrationSchema).default([]).describe('Monitoring sources allowed to send webhooks.'),
  routes: z.array(routeSchema).default([]).describe('Label matchers → service and severity; first match wins.'),
  summaries: z.array(summarySchema).default([]).describe('Recurring on-call summaries posted to chat.'),
};

/** The keys a policy file may have at its top level. */
export const POLICY_TOP_LEVEL_KEYS = Object.keys(TOP_LEVEL);

export const policySchema = z
  .strictObject(TOP_LEVEL, { error: (issue) => (issue.code === 'invalid_type' ? `expected a mapping with keys ${POLICY_TOP_LEVEL_KEYS.join(', ')}` : undefined) })
  // Normalized: every rotation and summary carries its effective zone, so readers need no fallback rule.
  .transform((p) => ({
    ...p,
    rotations: p.rotations.map((r) => ({ ...r, timezone: r.timezone ?? p.timezone })),
    summaries: p.summaries.map((s) => ({ ...s, timezone: s.timezone ?? p.timezone })),
  }))
  .describe('Tocsin policy file: who is paged for what, kept as code.');

export type Policy = z.output<typeof policySchema>;
export type PolicyPerson = Policy['people'][number];
export type PolicyRotation = Policy['rotations'][number];
export type PolicyOverride = Policy['overrides'][number];
export type PolicyAccess = NonNullable<Policy['access']>;
export type PolicyEscalationPolicy = Policy['escalation_policies'][number];
export type PolicyService = Policy['services'][number];
export type PolicyIntegration = Policy['integrations'][number];
export type PolicyRoute = Policy['routes'][number];
export type PolicySummary = Policy['summaries'][number];
