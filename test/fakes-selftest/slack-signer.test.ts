import { verifySlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fakes/fake-clock';
import { SlackSigner, slackSignature, type SignedSlackRequest } from '../fakes/slack-signer';

// Slack's documented worked example ("Verifying requests from Slack"), as in
// ../shared/reference/payloads/slack-slash-command.txt: the body is signed byte for byte.
const EXAMPLE = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: 1531420618,
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

const clock = new FakeClock('2026-01-05T08:00:00.000Z');
const signer = new SlackSigner('test-signing-secret', clock);

/** The check Bolt's receivers run, with Bolt's own code. */
function boltAccepts(request: SignedSlackRequest, secret = 'test-signing-secret'): void {
  verifySlackRequest({
    signingSecret: secret,
    body: request.body,
    headers: {
      'x-slack-signature': request.headers['x-slack-signature'],
      'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
    },
    nowMilliseconds: clock.now().getTime(),
  });
}

describe('SlackSigner', () => {
  it('reproduces the signature of Slack worked example', () => {
    expect(slackSignature(EXAMPLE.secret, EXAMPLE.timestamp, EXAMPLE.body)).toBe(EXAMPLE.signature);
    const signed = new SlackSigner(EXAMPLE.secret).sign(EXAMPLE.body, 'application/x-www-form-urlencoded', { timestamp: EXAMPLE.timestamp });
    expect(signed.headers['x-slack-signature']).toBe(EXAMPLE.signature);
    expect(signed.headers['x-slack-request-timestamp']).toBe('1531420618');
  });

  it('builds slash commands Bolt accepts, with the fields Slack sends', () => {
    const request = signer.slashCommand({ command: '/incident', text: 'ack INC-1', user_id: 'U00000042' });
    boltAccepts(request);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers['x-slack-request-timestamp']).toBe(String(Date.parse('2026-01-05T08:00:00.000Z') / 1000));
    const form = Object.fromEntries(new URLSearchParams(request.body));
    expect(form).toMatchObject({ command: '/incident', text: 'ack INC-1', user_id: 'U00000042', team_id: 'T0TOCSIN01' });
    expect(form.response_url).toMatch(/^https:\/\//);
    expect(form.trigger_id).toBeTruthy();
  });

  it('puts block_actions JSON in the payload form field', () => {
    const payload = { type: 'block_actions', actions: [{ action_id: 'ack', value: 'INC-1 & more' }] };
    const request = signer.blockActions(payload);
    boltAccepts(request);
    expect(JSON.parse(new URLSearchParams(request.body).get('payload') as string)).toEqual(payload);
  });

  it('wraps events in an event_callback envelope and marks redeliveries', () => {
    const request = signer.event({ type: 'app_mention', text: '<@U0TOCSINBOT> status', user: 'U1' }, {}, { retryNum: 1, retryReason: 'http_timeout' });
    boltAccepts(request);
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ type: 'event_callback', team_id: 'T0TOCSIN01', event: { type: 'app_mention' } });
    expect(body.event_id).toMatch(/^Ev/);
    const verification = signer.urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    boltAccepts(verification);
    expect(JSON.parse(verification.body)).toEqual({ token: 'verification-token', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
  });

  it('can forge a signature or a stale timestamp, which Bolt refuses', () => {
    expect(() => boltAccepts(signer.slashCommand({ command: '/incident' }, { secret: 'wrong' }))).toThrow();
    const stale = Math.floor(clock.now().getTime() / 1000) - 6 * 60;
    expect(() => boltAccepts(signer.slashCommand({ command: '/incident' }, { timestamp: stale }))).toThrow();
  });
});
