import { INTEGRATION_KINDS } from '../domain/alert/integration-kind';
import * as z from 'zod';
import type { EscalationTarget } from '../domain/escalation/escalation-policy';
import { SEVERITIES } from '../domain/incident/severity';
import { DEFAULT_INCIDENTS_PER_MINUTE } from '../domain/storm/storm-mode';
import { channelRefSchema, cronSchema, durationSchema, envNameSchema, idSchema, matcherSchema, refSchema, timeZoneSchema } from './policy-fields';

// The paging half of the policy file: escalation policies, services, integrations, routes, summaries.

const pageTargetSchema = z
  .strictObject({
    rotation: refSchema.optional().describe('Page whoever is on call in this rotation.'),
    person: refSchema.optional().describe('Page this person directly.'),
    channel: channelRefSchema.optional().describe('Post the page in this channel.'),
  })
  .superRefine((t, ctx) => {
    const given = [t.rotation, t.person, t.channel].filter((v) => v !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', message: 'name exactly one of rotation, person or channel' });
  })
  .transform((t): EscalationTarget => (t.rotation !== undefined ? { rotation: t.rotation } : t.person !== undefined ? { person: t.person } : { channel: t.channel! }))
  .describe('Whom one step pages: { rotation: id } | { person: id } | { channel: { platform, id } }.');

const stepSchema = z
  .strictObject({
    after: durationSchema.describe('When this step pages, counted from when the incident opened (not from the step before): 0s, 10m, 1h.'),
    notify: z.array(pageTargetSchema).min(1, 'a step must notify someone').describe('Whom this step pages.'),
  })
  .describe('One escalation step.');

export const escalationPolicySchema = z
  .strictObject({
    id: idSchema,
    name: z.string().optional().describe('Display name.'),
    steps: z.array(stepSchema).default([]).describe('Steps in order of their `after` offsets.'),
    repeat: z.int().min(0, 'expected 0 or more').default(0).describe('Run the whole list this many more times if nobody acknowledges; the next round starts one escalation delay (the gap before the last step) after the last step.'),
    reminder: durationSchema.optional().describe('Nudge an acknowledged incident that has gone quiet this often.'),
  })
  .describe('Who is paged, in which order, and how fast it escalates.');

const slackChatSchema = z.strictObject({
  platform: z.literal('slack').describe('slack'),
  channel_prefix: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected lowercase letters, digits, - and _ (Slack channel name rules)').optional().describe('Incident channels are named `<prefix>-<number>-<slug>`; default `inc`.'),
  announce_channel: z.string().min(1).optional().describe('Slack channel id where new incidents are announced.'),
  responders: z.array(refSchema).default([]).describe('People invited to every incident channel of this service.'),
});

const teamsChatSchema = z
  .strictObject({
    platform: z.literal('teams').describe('teams'),
    team: z.string().min(1).optional().describe('The team the incident channels are created in (its 19:… id or its Entra group id). Needed unless webhook_url_env is given.'),
    channel: z.string().min(1).optional().describe('The service channel: announcements, and incident threads where channels cannot be created. Needed unless webhook_url_env is given.'),
    webhook_url_env: envNameSchema.optional().describe('Notify-only, for teams without the Tocsin bot: the environment variable holding a Teams Workflows webhook URL that receives the incident cards (the URL carries a signature, so it never goes in this file). Commands need the bot.'),
    channel_prefix: z.string().optional().describe('Incident channels are named `<prefix>-<number>-<slug>`; default `inc`.'),
    responders: z.array(refSchema).default([]).describe('People added to every incident of this service.'),
  })
  .superRefine((t, ctx) => {
    if (t.webhook_url_env) return;
    for (const key of ['team', 'channel'] as const) if (!t[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'missing (required unless webhook_url_env is given)' });
  });

const chatTargetSchema = z
  .discriminatedUnion('platform', [slackChatSchema, teamsChatSchema], { error: 'expected platform: slack or teams' })
  .describe('Where a service\'s incidents live on one chat platform.');

export const serviceSchema = z
  .strictObject({
    id: idSchema,
    name: z.string().optional().describe('Display name.'),
    escalation_policy: refSchema.optional().describe('Id of the escalation policy that pages for this service.'),
    auto_resolve: z.boolean().default(true).describe('Resolve the incident when every alert of it is resolved at the source.'),
    archive_after: durationSchema.optional().describe('Archive the incident channel this long after resolution.'),
    storm: z
      .strictObject({
        incidents_per_minute: z.number().int('expected a whole number').min(0, 'expected 0 (no limit) or more').describe(`More new incidents than this in a minute start storm mode on the service; default ${DEFAULT_INCIDENTS_PER_MINUTE}; 0: no limit, a channel per incident whatever comes.`),
      })
      .optional()
      .describe('Alert storms: past the threshold, incidents are still opened and paged but get no channel of their own until someone acknowledges or asks; a digest a minute in the announce channel lists them.'),
    capture_messages: z.enum(['none', 'pinned', 'all'], { error: 'expected none, pinned or all' }).default('none').describe('Which channel messages are copied into the timeline.'),
    chat: z.array(chatTargetSchema).default([]).describe('Slack and/or Teams settings for this service.'),
  })
  .describe('Something that breaks: where its incidents go and who is paged.');

export { INTEGRATION_KINDS };

export const integrationSchema = z
  .strictObject({
    id: idSchema,
    kind: z.enum(INTEGRATION_KINDS, { error: `expected one of ${INTEGRATION_KINDS.join(', ')}` }).describe('Which webhook format this integration receives.'),
    token_env: envNameSchema.describe('Environment variable holding the webhook token (the PagerDuty routing key for kind pagerduty).'),
    service: refSchema.optional().describe('Service for alerts no route matches.'),
  })
  .describe('A monitoring source allowed to send webhooks.');

export const routeSchema = z
  .strictObject({
    match: z.array(matcherSchema).optional().describe('Alertmanager matchers (label="v", label!="v", label=~"re", label!~"re"), all must hold; absent: the catch-all.'),
    service: refSchema.describe('Service the matching alert goes to.'),
    severity: z.enum(SEVERITIES, { error: 'expected sev1, sev2, sev3 or sev4' }).optional().describe('Severity given to the incident; absent: the severity the source stated.'),
  })
  .describe('Label matchers → service and severity; the first matching route wins.');

export const summarySchema = z
  .strictObject({
    id: idSchema,
    cron: cronSchema.describe('When to post, five-field cron: "0 9 * * mon".'),
    timezone: timeZoneSchema.optional().describe('Zone the cron expression is read in; default the top-level timezone.'),
    rotations: z.array(refSchema).min(1, 'name at least one rotation').describe('Rotations whose schedule is posted.'),
    channels: z.array(channelRefSchema).min(1, 'name at least one channel').describe('Channels the summary is posted to.'),
  })
  .describe('A recurring post of who is on call.');
