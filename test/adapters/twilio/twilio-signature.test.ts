import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature, validTwilioSignature } from '../../../src/adapters/twilio/twilio-signature';
import { FakeTwilio } from '../../fakes/fake-twilio';

// Twilio's documented example ("Validating requests", twilio-php's validation guide and Twilio's
// security page): auth token 12345, this URL and these POST fields sign to RSOYDt4T1cUTdK1PDd93/VVr8B8=.
const DOC = {
  authToken: '12345',
  url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
  params: { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' },
  signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
};

describe('twilioSignature', () => {
  it("matches Twilio's documented example", () => {
    expect(twilioSignature(DOC.url, DOC.params, DOC.authToken)).toBe(DOC.signature);
    expect(validTwilioSignature(DOC.url, DOC.params, DOC.signature, DOC.authToken)).toBe(true);
  });

  it('refuses a changed field, URL, token or a missing header', () => {
    expect(validTwilioSignature(DOC.url, { ...DOC.params, Digits: '1235' }, DOC.signature, DOC.authToken)).toBe(false);
    expect(validTwilioSignature(`${DOC.url}&baz=3`, DOC.params, DOC.signature, DOC.authToken)).toBe(false);
    expect(validTwilioSignature(DOC.url, DOC.params, DOC.signature, '54321')).toBe(false);
    expect(validTwilioSignature(DOC.url, DOC.params, undefined, DOC.authToken)).toBe(false);
    expect(validTwilioSignature(DOC.url, DOC.params, '', DOC.authToken)).toBe(false);
    expect(validTwilioSignature(DOC.url, DOC.params, DOC.signature, '')).toBe(false);
  });

  it('accepts the URL signed with or without its port, as the twilio package does', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    expect(validTwilioSignature(withPort, DOC.params, DOC.signature, DOC.authToken)).toBe(true);
    const signedWithPort = twilioSignature(withPort, DOC.params, DOC.authToken);
    expect(validTwilioSignature(DOC.url, DOC.params, signedWithPort, DOC.authToken)).toBe(true);
    const otherPort = 'https://mycompany.com:8443/myapp.php?foo=1&bar=2';
    expect(validTwilioSignature(otherPort, DOC.params, DOC.signature, DOC.authToken)).toBe(twilio.validateRequest(DOC.authToken, DOC.signature, otherPort, DOC.params));
    expect(validTwilioSignature('https://mycompany.com/myapp.php?foo=1', DOC.params, DOC.signature, DOC.authToken)).toBe(false);
  });

  const params = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.oneof(fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 3 })), { maxKeys: 8 });
  const url = fc.webUrl({ withQueryParameters: true });
  const token = fc.string({ minLength: 1, maxLength: 40 });

  it("agrees with the twilio package both ways on random requests", () => {
    fc.assert(
      fc.property(url, params, token, (u, p, t) => {
        const ours = twilioSignature(u, p, t);
        expect(ours).toBe(twilio.getExpectedTwilioSignature(t, u, p));
        expect(twilio.validateRequest(t, ours, u, p)).toBe(true);
        expect(validTwilioSignature(u, p, twilio.getExpectedTwilioSignature(t, u, p), t)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('neither accepts a signature over other fields', () => {
    fc.assert(
      fc.property(url, params, token, fc.string({ minLength: 1, maxLength: 10 }), (u, p, t, extra) => {
        const forged = twilioSignature(u, { ...p, ZZExtra: extra }, t);
        expect(validTwilioSignature(u, p, forged, t)).toBe(false);
        expect(twilio.validateRequest(t, forged, u, p)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('FakeTwilio.sendSigned', () => {
  const fake = new FakeTwilio();
  const received: Array<{ url: string; signature: string; params: Record<string, string> }> = [];
  let server: http.Server;
  let origin: string;

  // A stand-in for Tocsin's /twilio routes: it only records what arrived.
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        received.push({ url: `${origin}${req.url}`, signature: String(req.headers['x-twilio-signature']), params: Object.fromEntries(new URLSearchParams(raw)) });
        res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response></Response>');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("signs inbound SMS, key presses and status callbacks so that the twilio package's validateRequest accepts them", async () => {
    const sms = fake.inboundSms('+14155550100', '+14155550199', '12a');
    const press = fake.keyPress({ sid: 'CA1', to: '+14155550100', from: '+14155550199', twiml: '', statusCallback: undefined }, '4');
    const status = fake.messageStatus({ sid: 'SM1', to: '+14155550100', from: '+14155550199', body: 'x', statusCallback: undefined }, 'delivered');
    await fake.sendSigned(`${origin}/twilio/sms`, sms);
    await fake.sendSigned(`${origin}/twilio/voice?n=12&p=alice`, press);
    await fake.sendSigned(`${origin}/twilio/status?n=12%3Aalice%3A0%3A1`, status);

    expect(received.map((r) => r.params.Body ?? r.params.Digits ?? r.params.MessageStatus)).toEqual(['12a', '4', 'delivered']);
    for (const r of received) {
      expect(twilio.validateRequest(fake.authToken, r.signature, r.url, r.params)).toBe(true);
      expect(validTwilioSignature(r.url, r.params, r.signature, fake.authToken)).toBe(true);
      expect(twilio.validateRequest('another-token', r.signature, r.url, r.params)).toBe(false);
    }
  });
});
