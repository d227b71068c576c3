import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { deliveryFailure, PacedError, slackErrorCode } from '../../../src/adapters/slack/slack-errors';
import { slackRequestProblem } from '../../../src/adapters/slack/slack-request-gate';

// Slack's documented worked example ("Verifying requests from Slack"), kept in the shared reference.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = 1531420618;
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const BODY = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const signed = req({ 'x-slack-request-timestamp': String(TIMESTAMP), 'x-slack-signature': SIGNATURE });
const at = (seconds: number) => new Date(seconds * 1000);

describe('Slack request verification with an injected clock', () => {
  it('accepts the documented example at its own time', () => {
    expect(readFileSync(new URL('../../fixtures/payloads/slack-slash-command.body.txt', import.meta.url), 'utf8')).toBe(BODY);
    expect(slackRequestProblem(BODY, signed, SECRET, at(TIMESTAMP + 10))).toBeUndefined();
  });

  it('refuses it five minutes and a second later (a replay), and from five minutes ahead', () => {
    expect(slackRequestProblem(BODY, signed, SECRET, at(TIMESTAMP + 300))).toBeUndefined();
    expect(slackRequestProblem(BODY, signed, SECRET, at(TIMESTAMP + 301))).toMatch(/5 minutes/);
    expect(slackRequestProblem(BODY, signed, SECRET, at(TIMESTAMP - 301))).toMatch(/5 minutes/);
  });

  it('refuses another secret, a changed body, and missing headers', () => {
    expect(slackRequestProblem(BODY, signed, 'another-secret', at(TIMESTAMP))).toMatch(/signature/);
    expect(slackRequestProblem(BODY.replace('text=', 'text=resolve'), signed, SECRET, at(TIMESTAMP))).toMatch(/signature/);
    expect(slackRequestProblem(BODY, req({ 'x-slack-request-timestamp': String(TIMESTAMP) }), SECRET, at(TIMESTAMP))).toMatch(/X-Slack-Signature/);
    expect(slackRequestProblem(BODY, req({ 'x-slack-request-timestamp': 'soon', 'x-slack-signature': SIGNATURE }), SECRET, at(TIMESTAMP))).toMatch(/not a number/);
  });
});

describe('Web API failures as delivery outcomes', () => {
  const platform = (error: string) => Object.assign(new Error(error), { code: ErrorCode.PlatformError, data: { ok: false, error } });

  it('defers rate limits (Slack\'s Retry-After, or our own pacing) without counting an attempt; retries outages and auth trouble; fails for good on bad messages', () => {
    expect(deliveryFailure(Object.assign(new Error('429'), { code: ErrorCode.RateLimitedError, retryAfter: 7 }), 'x')).toEqual({ kind: 'deferred', reason: 'x: rate limited', afterMs: 7_000 });
    expect(deliveryFailure(new PacedError('conversations.create', 2_500), 'x')).toEqual({ kind: 'deferred', reason: 'x: conversations.create paced', afterMs: 2_500 });
    expect(deliveryFailure(platform('ratelimited'), 'x')).toEqual({ kind: 'deferred', reason: 'x: ratelimited', afterMs: 1_000 });
    expect(deliveryFailure(Object.assign(new Error('503'), { code: ErrorCode.HTTPError, statusCode: 503 }), 'x')).toMatchObject({ kind: 'retry' });
    expect(deliveryFailure(Object.assign(new Error('net'), { code: ErrorCode.RequestError, original: new Error('ECONNREFUSED') }), 'x')).toEqual({ kind: 'retry', error: 'x: ECONNREFUSED' });
    expect(deliveryFailure(platform('invalid_auth'), 'x')).toMatchObject({ kind: 'retry' });
    expect(deliveryFailure(Object.assign(platform('missing_scope'), { data: { ok: false, error: 'missing_scope', needed: 'im:write' } }), 'x')).toMatchObject({ kind: 'retry', error: expect.stringContaining('needs im:write') });
    expect(deliveryFailure(platform('channel_not_found'), 'x')).toEqual({ kind: 'failed', error: 'x: channel_not_found' });
    expect(deliveryFailure(platform('msg_too_long'), 'x')).toMatchObject({ kind: 'failed' });
    expect(slackErrorCode(platform('name_taken'))).toBe('name_taken');
  });

  it('throws on anything that is not a Slack error (a bug is not a delivery outcome)', () => {
    expect(() => deliveryFailure(new TypeError('x is undefined'), 'x')).toThrow(TypeError);
  });
});
