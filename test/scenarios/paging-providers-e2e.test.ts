import { afterEach, describe, expect, it } from 'vitest';
import { ALICE_PHONE, PAGING_POLICY } from '../support/paging-policy';
import type { FakeNtfy } from '../fakes/fake-ntfy';
import type { FakeSmtpServer } from '../fakes/fake-smtp-server';
import type { FakeTwilio } from '../fakes/fake-twilio';
import { TWILIO_FROM } from '../support/provider-fakes';
import { bootBot, type Bot } from '../support/escalation-harness';

// The whole bot with the real provider adapters (src/main/paging-providers.ts, as `npm start`
// wires them from the environment) against loopback fakes speaking each provider's wire format:
// ntfy for push, Twilio's REST API for SMS and calls (and Twilio calling back, signed), a real
// SMTP server for email. The scenario end to end: alice is paged, push at once, SMS at
// +2 s, she answers the SMS at +3 s, and the call due at +4 s is never placed.

const T0 = '2026-01-07T10:00:00.000Z';
const plus = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();
const PUBLIC_URL = 'https://tocsin.example.com';
const FROM = TWILIO_FROM;

describe('paging through the real providers', () => {
  let bot: Bot | undefined;
  let twilio: FakeTwilio;
  let ntfy: FakeNtfy;
  let smtp: FakeSmtpServer;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  async function boot(): Promise<Bot> {
    bot = await bootBot(T0, { policy: PAGING_POLICY, env: { PUBLIC_URL }, providers: true });
    ({ twilio, ntfy, smtp } = bot.fakes.providers!);
    return bot;
  }

  async function deliver(b: Bot): Promise<void> {
    for (const w of Object.values(b.running.paging.workers)) await w.drain();
  }

  it('push at once and SMS at +2 s reach the providers; the signed SMS reply acknowledges and no call is placed', async () => {
    const b = await boot();
    expect(await b.webhook({ dedup_key: 'db-down', action: 'trigger', title: 'Database down', severity: 'sev2' })).toBe(202);
    await b.tick(plus(0));
    await deliver(b);
    expect(ntfy.messages.map((m) => [m.topic, m.title, m.priority])).toEqual([['alice-pager-7f3c9b', expect.stringContaining('INC-1'), 4]]);
    await b.tick(plus(2));
    await deliver(b);
    expect(twilio.messages.map((m) => [m.to, m.from])).toEqual([[ALICE_PHONE, FROM]]);
    expect(twilio.messages[0]!.body).toMatch(/Reply 1a to acknowledge, 1r to resolve/);

    // Twilio calls Tocsin with her answer, signed with the auth token over PUBLIC_URL + path.
    b.clock.set(plus(3));
    const reply = await twilio.sendSigned(`${b.running.url}/twilio/sms`, { From: ALICE_PHONE, To: FROM, Body: '1A', MessageSid: 'SM0001' }, { signedUrl: `${PUBLIC_URL}/twilio/sms` });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('INC-1 acknowledged');

    for (const s of [4, 5, 60]) await b.tick(plus(s));
    await deliver(b);
    expect(twilio.callsPlaced).toEqual([]);
    const shown = JSON.parse((await b.cli('incident', 'show', 'INC-1', '--json')).out) as { status: string; timeline: { text: string }[] };
    expect(shown.status).toBe('acknowledged');
    expect(shown.timeline.map((e) => e.text).filter((t) => /alice/.test(t))).toEqual([
      'Paged @alice (step 1, round 1)',
      'Notifying @alice by push (rule 2)',
      'Push to @alice sent',
      'Notifying @alice by SMS (rule 3)',
      'SMS to @alice sent',
      'Acknowledged by @alice by SMS reply',
    ]);
  });

  it('a reply signed with another token changes nothing', async () => {
    const b = await boot();
    await b.webhook({ dedup_key: 'db-down', action: 'trigger', title: 'Database down', severity: 'sev2' });
    const forged = await twilio.sendSigned(`${b.running.url}/twilio/sms`, { From: ALICE_PHONE, To: FROM, Body: '1a' }, { signedUrl: `${PUBLIC_URL}/twilio/sms`, authToken: 'not-the-token' });
    expect(forged.status).toBe(403);
    const shown = JSON.parse((await b.cli('incident', 'show', 'INC-1', '--json')).out) as { status: string };
    expect(shown.status).toBe('triggered');
  });

  it('the call menu says the incident and its key 4 acknowledges through the signed Gather action', async () => {
    const b = await boot();
    await b.webhook({ dedup_key: 'db-down', action: 'trigger', title: 'Database down', severity: 'sev1' });
    // sev1: notify_urgent — SMS at once, the call after 1 s.
    for (const s of [0, 1]) {
      await b.tick(plus(s));
      await deliver(b);
    }
    expect(twilio.callsPlaced).toHaveLength(1);
    const action = /action="([^"]+)"/.exec(twilio.callsPlaced[0]!.twiml)![1]!.replace(/&amp;/g, '&');
    expect(action.startsWith(`${PUBLIC_URL}/twilio/voice?n=`)).toBe(true);
    const local = action.replace(PUBLIC_URL, b.running.url);
    const pressed = await twilio.sendSigned(local, { Digits: '4', To: ALICE_PHONE, From: FROM, CallSid: 'CA0001' }, { signedUrl: action });
    expect(pressed.status).toBe(200);
    const shown = JSON.parse((await b.cli('incident', 'show', 'INC-1', '--json')).out) as { status: string; timeline: { text: string }[] };
    expect(shown.status).toBe('acknowledged');
    expect(shown.timeline.map((e) => e.text)).toContain('Acknowledged by @alice by voice call');
  });

  it('email reaches a real SMTP server with a one-click link: its GET changes nothing, its POST acknowledges', async () => {
    const b = await boot();
    await b.webhook({ dedup_key: 'db-down', action: 'trigger', title: 'Database <b>down</b>', severity: 'sev2' });
    // carol is paged at step 2 (+10 min); her email rule fires a minute later.
    for (const s of [0, 600, 660]) {
      await b.tick(plus(s));
      await deliver(b);
    }
    expect(smtp.mails.map((m) => m.envelopeTo)).toEqual([['carol@example.com']]);
    const mail = smtp.mails[0]!.parsed;
    expect(mail.subject).toBe('[Tocsin] INC-1 sev2: Database <b>down</b>');
    expect(String(mail.html)).not.toContain('<b>down</b>');
    const link = /https:\/\/tocsin\.example\.com\/ack\/[A-Za-z0-9_-]+/.exec(mail.text ?? '')![0];
    const local = link.replace(PUBLIC_URL, b.running.url);
    const looked = await fetch(local);
    expect(looked.status).toBe(200);
    expect(JSON.parse((await b.cli('incident', 'show', 'INC-1', '--json')).out).status).toBe('triggered');
    const pressed = await fetch(local, { method: 'POST' });
    expect(pressed.status).toBe(200);
    const shown = JSON.parse((await b.cli('incident', 'show', 'INC-1', '--json')).out) as { status: string; timeline: { text: string }[] };
    expect(shown.status).toBe('acknowledged');
    expect(shown.timeline.map((e) => e.text)).toContain('Acknowledged by @carol by email link');
  });
});
