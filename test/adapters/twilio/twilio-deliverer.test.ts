import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { twilioDeliverers, type TwilioDeliverersOptions } from '../../../src/adapters/twilio/twilio-deliverer';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeTwilio } from '../../fakes/fake-twilio';
import { manualTimeout } from '../../support/manual-timeout';
import { notifyMessage } from '../../support/notify-message';

const fake = new FakeTwilio();
const PUBLIC_URL = 'https://tocsin.example.com/';

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => fake.reset());

function deliverers(overrides: Partial<TwilioDeliverersOptions> = {}) {
  return twilioDeliverers({ accountSid: fake.accountSid, authToken: fake.authToken, from: '+14155550199', apiUrl: fake.baseUrl, publicUrl: PUBLIC_URL, clock: new FakeClock(), ...overrides });
}

describe('sms', () => {
  it('sends one message: to the person, from TWILIO_FROM, the reply line, a status callback for this notification', async () => {
    const result = await deliverers().sms.deliver(notifyMessage('sms'));
    expect(result).toEqual({ kind: 'delivered', result: { sid: fake.messages[0]!.sid, status: 'queued' } });
    expect(fake.messages).toEqual([
      {
        sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
        to: '+14155550100',
        from: '+14155550199',
        body: '[Tocsin] INC-12 sev2: Checkout latency above 2s (checkout)\nReply 12a to acknowledge, 12r to resolve',
        statusCallback: 'https://tocsin.example.com/twilio/status?n=12%3Aalice%3A0%3A1',
      },
    ]);
    expect(fake.calls[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('keeps a long or wide title under 320 characters, still ending with the reply line', async () => {
    const send = deliverers().sms;
    for (const title of ['x'.repeat(2000), '🔥'.repeat(400), 'line\nbreaks\r\nand\ttabs '.repeat(40)]) {
      await send.deliver(notifyMessage('sms', { incident: { title } }));
    }
    for (const { body } of fake.messages) {
      expect(body.length).toBeLessThan(320);
      expect(body).toMatch(/… \(checkout\)\nReply 12a to acknowledge, 12r to resolve$/);
      expect(body.split('\n')).toHaveLength(2);
    }
  });

  it('a test page says so', async () => {
    await deliverers().sms.deliver(notifyMessage('sms', { test: true }));
    expect(fake.messages[0]!.body).toMatch(/^\[Tocsin\] Test page, nothing is wrong: INC-12/);
  });

  it('without PUBLIC_URL there is no status callback', async () => {
    await deliverers({ publicUrl: undefined }).sms.deliver(notifyMessage('sms'));
    expect(fake.messages[0]!.statusCallback).toBeUndefined();
  });
});

describe('voice', () => {
  it('places one call whose TwiML says the incident and gathers one key for /twilio/voice', async () => {
    const result = await deliverers().voice.deliver(notifyMessage('voice', { person: { id: 'alice&bob' }, incident: { title: 'Disk </Say><Dial>+19005550000</Dial> full' } }));
    expect(result).toMatchObject({ kind: 'delivered', result: { sid: expect.stringMatching(/^CA/) } });
    const [call] = fake.callsPlaced;
    expect(call).toMatchObject({ to: '+14155550100', from: '+14155550199', statusCallback: 'https://tocsin.example.com/twilio/status?n=12%3Aalice%3A0%3A1' });
    expect(call!.twiml).toBe(
      '<Response><Gather numDigits="1" action="https://tocsin.example.com/twilio/voice?n=12%3Aalice%3A0%3A1" method="POST">' +
        '<Say>This is Tocsin, paging you. Incident 12, severity 2: Disk &lt;/Say&gt;&lt;Dial&gt;+19005550000&lt;/Dial&gt; full. Service checkout.</Say>' +
        '<Say>Press 4 to acknowledge, 6 to resolve.</Say></Gather>' +
        '<Say>No key was pressed. Incident 12 is still open. Goodbye.</Say></Response>',
    );
  });

  it('a test call says so', async () => {
    await deliverers().voice.deliver(notifyMessage('voice', { test: true }));
    expect(fake.callsPlaced[0]!.twiml).toContain('<Say>This is a test call from Tocsin. Nothing is wrong. Incident 12');
  });

  it('without PUBLIC_URL no call is placed: a key press would have nowhere to go', async () => {
    expect(await deliverers({ publicUrl: undefined }).voice.deliver(notifyMessage('voice'))).toMatchObject({ kind: 'failed', error: expect.stringContaining('PUBLIC_URL') });
    expect(fake.calls).toEqual([]);
  });
});

describe('Twilio errors', () => {
  it('400 with a Twilio error code fails with the code and message', async () => {
    fake.failNext('messages.create', { status: 400, error: '21211', message: "The 'To' number +1555 is not a valid phone number." });
    expect(await deliverers().sms.deliver(notifyMessage('sms'))).toEqual({ kind: 'failed', error: "sms to alice for INC-12 via Twilio: Twilio 21211: The 'To' number +1555 is not a valid phone number." });
    fake.failNext('calls.create', { status: 400, error: '21614', message: "'To' number is not a valid mobile number" });
    expect(await deliverers().voice.deliver(notifyMessage('voice'))).toMatchObject({ kind: 'failed', error: expect.stringContaining('Twilio 21614') });
  });

  it('429 is retried after its Retry-After', async () => {
    fake.failNext('messages.create', { retryAfter: 7 });
    expect(await deliverers().sms.deliver(notifyMessage('sms'))).toEqual({ kind: 'retry', afterMs: 7_000, error: 'sms to alice for INC-12 via Twilio: Twilio 20429: Too Many Requests' });
  });

  it('5xx and an unreachable API are retried', async () => {
    fake.failNext('calls.create', { status: 500 });
    expect(await deliverers().voice.deliver(notifyMessage('voice'))).toMatchObject({ kind: 'retry', error: expect.stringContaining('Twilio 20500') });
    fake.down(true);
    expect(await deliverers().sms.deliver(notifyMessage('sms'))).toMatchObject({ kind: 'retry' });
    const closed = new FakeTwilio();
    const closedUrl = await closed.start();
    await closed.stop();
    expect(await deliverers({ apiUrl: closedUrl }).sms.deliver(notifyMessage('sms'))).toMatchObject({ kind: 'retry', error: expect.stringContaining('ECONNREFUSED') });
  });

  it('a request that hangs is cut off at the configured timeout and retried', async () => {
    const hold = fake.hold('messages.create');
    const timeout = manualTimeout();
    const send = deliverers({ timeoutMs: 1234, abortAfter: timeout.abortAfter }).sms.deliver(notifyMessage('sms'));
    await hold.arrived;
    timeout.fire();
    expect(await send).toEqual({ kind: 'retry', error: 'sms to alice for INC-12 via Twilio: no answer within 1234 ms' });
    expect(timeout.askedMs()).toBe(1234);
    hold.release();
  });

  it('wrong credentials fail (Twilio 20003), and the token is in no error', async () => {
    const result = await deliverers({ authToken: 'not-the-token' }).sms.deliver(notifyMessage('sms'));
    expect(result).toMatchObject({ kind: 'failed', error: expect.stringContaining('Twilio 20003: Authenticate') });
    expect(JSON.stringify(result)).not.toContain('not-the-token');
  });
});

describe('refused before any request', () => {
  it('a person without a phone number, or one not in E.164', async () => {
    const { sms, voice } = deliverers();
    expect(await sms.deliver(notifyMessage('sms', { person: { phone: undefined } }))).toMatchObject({ kind: 'failed', error: expect.stringContaining('no phone number') });
    expect(await voice.deliver(notifyMessage('voice', { person: { phone: '0415 555 0100' } }))).toMatchObject({ kind: 'failed', error: expect.stringContaining('E.164') });
    expect(fake.calls).toEqual([]);
  });

  it('a number written with spaces or dashes is sent in E.164', async () => {
    await deliverers().sms.deliver(notifyMessage('sms', { person: { phone: '+1 (415) 555-0100' } }));
    expect(fake.messages[0]!.to).toBe('+14155550100');
  });
});
