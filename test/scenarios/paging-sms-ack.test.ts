import { afterEach, describe, expect, it } from 'vitest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { ALICE_PHONE } from '../support/paging-policy';
import { twilioSignature } from '../support/twilio-signing';
import { bootPagingBot, TWILIO_ENV, type PagingBot } from './paging-scenario-harness';

const T0 = '2026-01-07T10:00:00.000Z';
const plus = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

describe('paging alice beyond chat, whole bot', () => {
  let bot: PagingBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  it('chat and push at once, SMS at +2 s; her SMS reply at +3 s acknowledges, so the call due at +4 s is never made', async () => {
    bot = await bootPagingBot(T0);
    expect(await bot.webhook({ dedup_key: 'db-down', action: 'trigger', title: 'Database down', severity: 'sev2' })).toBe(202);
    // Chat at once, as before: the page's mention and direct message, in the webhook's own transaction.
    const pages = await bot.running.ctx.db.kysely.selectFrom('outbox').select(['platform', 'payload']).where('kind', '=', 'notice.incident_page').execute();
    expect(pages.map((p) => [p.platform, JSON.parse(p.payload).text])).toEqual([['slack', 'Paging @alice for INC-1 (sev2): Database down (step 1, round 1)']]);
    await bot.tick(plus(0));
    await bot.drainProviders();
    expect(bot.providers.sent.map((s) => s.channel)).toEqual(['push']);
    await bot.tick(plus(2));
    await bot.drainProviders();
    expect(bot.providers.sent.map((s) => s.channel)).toEqual(['push', 'sms']);
    expect(bot.providers.sent[1]!.row.payload).toMatchObject({ channel: 'sms', person: { id: 'alice', phone: ALICE_PHONE }, incident: { ref: 'INC-1', number: 1 } });

    bot.clock.set(plus(3));
    const reply = await bot.twilio('/twilio/sms', { From: ALICE_PHONE, To: TWILIO_ENV.TWILIO_FROM, Body: '1A', MessageSid: 'SM1' });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Message>INC-1 acknowledged. Thank you.</Message></Response>');

    for (const s of [4, 5, 60]) await bot.tick(plus(s));
    await bot.drainProviders();
    expect(bot.providers.sent.map((s) => s.channel)).toEqual(['push', 'sms']);
    const texts = await bot.timelineTexts();
    expect(texts.filter((t) => /alice/.test(t))).toEqual([
      'Paged @alice (step 1, round 1)',
      'Notifying @alice by push (rule 2)',
      'Push to @alice sent',
      'Notifying @alice by SMS (rule 3)',
      'SMS to @alice sent',
      'Acknowledged by @alice by SMS reply',
    ]);
    expect((await bot.cli('timeline', 'verify', 'INC-1')).code).toBe(0);
  });

  it('the test signer is Twilio\'s own scheme', () => {
    const params = { From: ALICE_PHONE, Body: '12a', To: '+15005550006' };
    expect(twilioSignature('secret', 'https://tocsin.example.com/twilio/sms?x=1', params)).toBe(getExpectedTwilioSignature('secret', 'https://tocsin.example.com/twilio/sms?x=1', params));
  });
});
