import * as z from 'zod';
import { E164, NOTIFY_VIAS, type NotifyRule } from '../domain/paging/notify-rule';
import { durationSchema } from './policy-fields';

// The paging keys of a person (SPEC "Paging a person"): how to reach them beyond chat, and their
// personal notification rules.

const ruleSchema = z
  .strictObject({
    after: durationSchema.describe('How long after the page this rule fires: 0s, 2m, 5m.'),
    via: z.enum(NOTIFY_VIAS, { error: `expected one of ${NOTIFY_VIAS.join(', ')}` }).describe('chat (DM and mention), push (ntfy), sms, voice (phone call) or email.'),
  })
  .transform((r): NotifyRule => ({ afterMs: r.after.ms, via: r.via }))
  .describe('One notification rule: { after, via }.');

export const personPagingKeys = {
  phone: z.string().regex(E164, 'expected an E.164 phone number, like "+4915112345678" (quoted, + and country code, no spaces)').optional().describe('E.164 phone number, for sms and voice.'),
  ntfy: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an ntfy topic: letters, digits, - and _ (at most 64)').optional().describe('ntfy topic for push (server: NTFY_URL).'),
  notify: z.array(ruleSchema).optional().describe('Personal notification rules, from the moment the person is paged; default [{ after: 0s, via: chat }].'),
  notify_urgent: z.array(ruleSchema).optional().describe('Rules for sev1 incidents, instead of notify.'),
};
