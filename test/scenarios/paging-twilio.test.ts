import { afterEach, describe, expect, it } from 'vitest';
import { ALICE_PHONE } from '../support/paging-policy';
import { bootPagingBot, type PagingBot } from './paging-scenario-harness';

const T0 = '2026-01-07T10:00:00.000Z';
const T0_MS = Date.parse(T0);
const plus = (s: number) => new Date(T0_MS + s * 1000).toISOString();

describe('Twilio callbacks, whole bot', () => {
  let bot: PagingBot;
  afterEach(() => bot?.stop());

  const status = async () => (await bot.cli('incident', 'show', 'INC-1', '--json').then((r) => JSON.parse(r.out))).status as string;
  const opened = async () => {
    bot = await bootPagingBot(T0);
    expect(await bot.webhook({ dedup_key: 'db-down', action: 'trigger', title: 'Database down' })).toBe(202);
    return (await bot.running.ctx.store.read.incidents.byNumber(1))!;
  };

  it('refuses a bad signature with 403 and changes nothing; a missing one too', async () => {
    await opened();
    const before = await bot.timelineTexts();
    expect((await bot.twilio('/twilio/sms', { From: ALICE_PHONE, Body: '1a' }, 'not-the-auth-token')).status).toBe(403);
    const unsigned = await fetch(`${bot.running.url}/twilio/voice`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Digits=4' });
    expect(unsigned.status).toBe(403);
    expect(await status()).toBe('triggered');
    expect(await bot.timelineTexts()).toEqual(before);
  });

  it('answers an unknown number politely and changes nothing; a reply it cannot read gets the how-to', async () => {
    await opened();
    const stranger = await bot.twilio('/twilio/sms', { From: '+15550001111', Body: '1a' });
    expect(stranger.body).toContain('<Message>Sorry, Tocsin does not know this number, so nothing was changed.</Message>');
    const unclear = await bot.twilio('/twilio/sms', { From: ALICE_PHONE, Body: 'on it!' });
    expect(unclear.body).toContain('<Message>Reply &lt;n&gt;a to acknowledge or &lt;n&gt;r to resolve, e.g. 12a.</Message>');
    expect((await bot.twilio('/twilio/sms', { From: ALICE_PHONE, Body: 'resolve INC-7' })).body).toContain('There is no INC-7.');
    expect(await status()).toBe('triggered');
  });

  it('resolves by SMS with "resolve INC-1" in any case', async () => {
    await opened();
    expect((await bot.twilio('/twilio/sms', { From: ALICE_PHONE, Body: 'Resolve inc-1' })).body).toContain('<Message>INC-1 resolved. Thank you.</Message>');
    expect(await status()).toBe('resolved');
    expect(await bot.timelineTexts()).toContain('Resolved by @alice by SMS reply');
  });

  it('a call\'s key menu: another key asks again, 6 resolves', async () => {
    const incident = await opened();
    const n = `${incident.id}:alice:${T0_MS}:4`;
    const call = { To: ALICE_PHONE, From: '+15005550006', CallSid: 'CA1' };
    const again = await bot.twilio(`/twilio/voice?n=${encodeURIComponent(n)}`, { ...call, Digits: '5' });
    expect(again.body).toContain(`<Gather numDigits="1" timeout="10" action="https://tocsin.example.com/twilio/voice?n=${encodeURIComponent(n)}" method="POST"><Say>Press 4 to acknowledge, or 6 to resolve.</Say></Gather>`);
    const done = await bot.twilio(`/twilio/voice?n=${encodeURIComponent(n)}`, { ...call, Digits: '6' });
    expect(done.body).toContain('<Say>incident 1 resolved. Thank you. Goodbye.</Say>');
    expect(await status()).toBe('resolved');
    expect(await bot.timelineTexts()).toContain('Resolved by @alice by voice call');
    // A call about someone else's notification changes nothing.
    expect((await bot.twilio(`/twilio/voice?n=${incident.id}:bob:${T0_MS}:2`, { ...call, Digits: '4' })).body).toContain('cannot tell which incident');
  });

  it('status callbacks: delivered and failed said once each; a failed SMS does not hold back the call', async () => {
    const incident = await opened();
    bot.providers.script('sms', { kind: 'failed', error: 'Twilio 21211: invalid To number' });
    for (const s of [0, 2, 4]) {
      await bot.tick(plus(s));
      await bot.drainProviders();
    }
    expect(bot.providers.sent.map((s) => s.channel)).toEqual(['push', 'sms', 'voice']);
    const push = `${incident.id}:alice:${T0_MS}:2`;
    const voice = `${incident.id}:alice:${T0_MS}:4`;
    for (let i = 0; i < 2; i++) expect((await bot.twilio(`/twilio/status?n=${voice}`, { CallSid: 'CA1', CallStatus: 'no-answer' })).status).toBe(204);
    await bot.twilio(`/twilio/status?n=${push}`, { MessageSid: 'SM1', MessageStatus: 'sent' });
    const texts = await bot.timelineTexts();
    expect(texts.filter((t) => / to @alice /.test(t))).toEqual(['Push to @alice sent', 'SMS to @alice failed: Twilio 21211: invalid To number', 'Call to @alice sent', 'Call to @alice failed: no answer']);
    const sms = `${incident.id}:alice:${T0_MS}:3`;
    await bot.twilio(`/twilio/status?n=${sms}`, { MessageSid: 'SM2', MessageStatus: 'undelivered', ErrorCode: '30003' });
    expect((await bot.timelineTexts()).at(-1)).toBe('SMS to @alice failed: Twilio 30003, undelivered');
  });
});
