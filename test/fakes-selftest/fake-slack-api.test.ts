import { ErrorCode, LogLevel, WebClient, type WebAPIPlatformError, type WebAPIRateLimitedError, type WebAPIHTTPError } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../fakes/fake-slack-api';

// Driven through the real @slack/web-api client, configured the way tests must configure it.
const slack = new FakeSlackApi();
let client: WebClient;

beforeAll(async () => {
  const slackApiUrl = await slack.start();
  client = new WebClient(slack.botToken, { slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
});
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

async function rejection<T extends Error>(call: Promise<unknown>): Promise<T> {
  const result = await call.then(() => undefined, (error: unknown) => error as T);
  if (!result) throw new Error('expected the call to fail');
  return result;
}

describe('FakeSlackApi through @slack/web-api', () => {
  it('sends form bodies with the bearer token and answers auth.test as the bot', async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: slack.botUserId, team_id: 'T0TOCSIN01' });
    const [call] = slack.callsTo('auth.test');
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call.bearer).toBe(slack.botToken);
  });

  it('creates a channel, refuses its name again and checks the name rules', async () => {
    const created = await client.conversations.create({ name: 'inc-1-disk-full' });
    expect(created.channel).toMatchObject({ name: 'inc-1-disk-full', is_member: true, is_private: false });
    expect(created.channel?.id).toMatch(/^C[0-9A-Z]+$/);
    const taken = await rejection<WebAPIPlatformError>(client.conversations.create({ name: 'inc-1-disk-full' }));
    expect(taken.code).toBe(ErrorCode.PlatformError);
    expect(taken.data.error).toBe('name_taken');
    for (const [name, error] of [['Inc-2', 'invalid_name_specials'], ['x'.repeat(81), 'invalid_name_maxlength'], ['--', 'invalid_name_punctuation']]) {
      const refused = await rejection<WebAPIPlatformError>(client.conversations.create({ name }));
      expect(refused.data.error).toBe(error);
    }
  });

  it('keeps posted messages per channel in order, with blocks decoded from the form body', async () => {
    const channel = slack.addChannel({ name: 'incidents' });
    const first = await client.chat.postMessage({ channel: channel.id, text: 'INC-1 opened', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*INC-1*' } }] });
    await client.chat.postMessage({ channel: '#incidents', text: 'reply', thread_ts: first.ts });
    await client.chat.update({ channel: channel.id, ts: first.ts as string, text: 'INC-1 acknowledged' });
    const messages = slack.messages('incidents');
    expect(messages.map((m) => m.text)).toEqual(['INC-1 acknowledged', 'reply']);
    expect(messages[0]).toMatchObject({ reply_count: 1, blocks: [{ type: 'section' }], edited: { user: slack.botUserId } });
    expect(Number(messages[1].ts)).toBeGreaterThan(Number(messages[0].ts));
    expect(slack.argsOf('chat.postMessage')[0].blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*INC-1*' } }]);
  });

  it('refuses blocks past Block Kit limits with invalid_blocks, as Slack does, and keeps nothing', async () => {
    const channel = slack.addChannel({ name: 'incidents' });
    const over = [
      [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3_001) } }],
      [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }],
      [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
      [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2_001) }] }],
      [{ type: 'context', elements: [{ type: 'mrkdwn', text: '' }] }],
      [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } }] }],
      Array.from({ length: 51 }, () => ({ type: 'divider' })),
    ];
    for (const blocks of over) {
      const refused = await rejection<WebAPIPlatformError>(client.chat.postMessage({ channel: channel.id, text: 't', blocks }));
      expect(refused.data.error).toBe('invalid_blocks');
    }
    const posted = await client.chat.postMessage({ channel: channel.id, text: 't', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3_000) } }] });
    expect((await rejection<WebAPIPlatformError>(client.chat.update({ channel: channel.id, ts: posted.ts as string, text: 't', blocks: over[0]! }))).data.error).toBe('invalid_blocks');
    expect((await rejection<WebAPIPlatformError>(client.chat.postMessage({ channel: channel.id, text: 'x'.repeat(40_001) }))).data.error).toBe('msg_too_long');
    expect(slack.messages('incidents')).toHaveLength(1);
  });

  it('invites seeded users and says already_in_channel like Slack', async () => {
    const alice = slack.addUser({ name: 'alice', email: 'alice@example.com' });
    const { channel } = await client.conversations.create({ name: 'inc-2' });
    const found = await client.users.lookupByEmail({ email: 'Alice@example.com' });
    expect(found.user?.id).toBe(alice.id);
    await client.conversations.invite({ channel: channel?.id as string, users: alice.id });
    const again = await rejection<WebAPIPlatformError>(client.conversations.invite({ channel: channel?.id as string, users: alice.id }));
    expect(again.data).toMatchObject({ error: 'already_in_channel', errors: [{ user: alice.id, error: 'already_in_channel' }] });
    const missing = await rejection<WebAPIPlatformError>(client.users.lookupByEmail({ email: 'nobody@example.com' }));
    expect(missing.data.error).toBe('users_not_found');
  });

  it('answers a scripted 429 with Retry-After, seen by the client as a rate-limit error', async () => {
    slack.failNext('chat.postMessage', { retryAfter: 7 });
    const channel = slack.addChannel({ name: 'ops' });
    const limited = await rejection<WebAPIRateLimitedError>(client.chat.postMessage({ channel: channel.id, text: 'hi' }));
    expect(limited.code).toBe(ErrorCode.RateLimitedError);
    expect(limited.retryAfter).toBe(7);
    expect(slack.callsTo('chat.postMessage')[0].status).toBe(429);
    await client.chat.postMessage({ channel: channel.id, text: 'hi' });
    expect(slack.messages('ops')).toHaveLength(1);
  });

  it('scripts platform errors, HTTP errors and an outage', async () => {
    slack.failNext('conversations.create', { error: 'restricted_action' });
    const refused = await rejection<WebAPIPlatformError>(client.conversations.create({ name: 'inc-3' }));
    expect(refused.data.error).toBe('restricted_action');
    slack.failNext('*', { status: 500, times: 2 });
    const broken = await rejection<WebAPIHTTPError>(client.auth.test());
    expect(broken).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    await expect(client.auth.test()).rejects.toMatchObject({ statusCode: 500 });
    slack.down(true);
    await expect(client.auth.test()).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    slack.down(false);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
  });

  it('holds a request until released, and can answer slowly', async () => {
    const hold = slack.hold('auth.test');
    const pending = client.auth.test();
    await hold.arrived;
    expect(slack.callsTo('auth.test')[0].status).toBeUndefined();
    hold.release();
    await expect(pending).resolves.toMatchObject({ ok: true });
    slack.failNext('auth.test', { delayMs: 50 });
    const slowClient = new WebClient(slack.botToken, { slackApiUrl: slack.baseUrl, retryConfig: { retries: 0 }, timeout: 10, logLevel: LogLevel.ERROR });
    await expect(slowClient.auth.test()).rejects.toMatchObject({ code: ErrorCode.RequestError });
  });

  it('checks tokens, scopes and method names', async () => {
    const stranger = new WebClient('xoxb-someone-else', { slackApiUrl: slack.baseUrl, retryConfig: { retries: 0 } });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await expect(client.apiCall('incidents.open')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    slack.setScopes(['chat:write']);
    await expect(client.conversations.create({ name: 'inc-4' })).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'channels:manage' } });
  });
});
