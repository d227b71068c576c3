import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../../src/adapters/db/connect';
import { cliHarness } from '../../support/cli-harness';

const TWILIO = { TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_AUTH_TOKEN: 'twilio-secret', TWILIO_FROM: '+15005550006' };

describe('test pages: tocsin page test and /oncall test', () => {
  let h: ReturnType<typeof cliHarness>;
  afterEach(() => h?.cleanup());

  const applied = async () => {
    h = cliHarness(TWILIO);
    expect((await h.run('apply', 'test/fixtures/policy/paging-example.yml')).code).toBe(0);
  };
  const queued = async () => {
    const db = await connect(h.env.DATABASE_URL!);
    try {
      const rows = await db.kysely.selectFrom('outbox').select(['platform', 'kind', 'payload']).orderBy('id').execute();
      return rows.map((r) => ({ platform: r.platform, kind: r.kind, payload: JSON.parse(r.payload) }));
    } finally {
      await db.close();
    }
  };

  it('queues a test through each of the person\'s channels and says which provider is missing', async () => {
    await applied();
    const alice = await h.run('page', 'test', 'alice');
    expect(alice).toMatchObject({ code: 0, out: ['Test page for alice:', '  Chat message: test queued', '  Push: test queued', '  SMS: test queued', '  Call: test queued'].join('\n') });
    const bob = await h.run('page', 'test', 'bob');
    expect(bob.out).toBe(['Test page for bob:', '  Chat message: test queued', '  Email: test queued, but no email provider is configured, so it only goes to the log'].join('\n'));
    const rows = await queued();
    // Chat goes to every platform the services use (this policy: Slack and Teams).
    expect(rows.map((r) => `${r.platform} ${r.kind}`)).toEqual(['slack notice.person_message', 'teams notice.person_message', 'push notice.person_notification', 'sms notice.person_notification', 'voice notice.person_notification', 'slack notice.person_message', 'teams notice.person_message', 'email notice.person_notification']);
    expect(rows[3]!.payload).toMatchObject({ channel: 'sms', test: true, person: { id: 'alice', phone: '+4915112345678' }, incident: { ref: 'TEST' } });
    expect(rows[3]!.payload.notificationId).toMatch(/^test:alice:\d+:sms$/);
  });

  it('--via names one channel; a missing contact, an unknown person and a bad channel are refused', async () => {
    await applied();
    expect(await h.run('page', 'test', 'bob', '--via', 'sms')).toMatchObject({ code: 1, err: 'Test page for bob:\n  SMS: not sent, @bob has no phone' });
    expect(await h.run('page', 'test', 'alice', '--via', 'voice')).toMatchObject({ code: 0, out: 'Test page for alice:\n  Call: test queued' });
    expect((await h.run('page', 'test', 'zed')).code).toBe(1);
    expect((await h.run('page', 'test', 'alice', '--via', 'fax')).code).toBe(2);
    expect((await queued()).map((r) => r.platform)).toEqual(['voice']);
  });

  it('/oncall test pages the one who typed it, and only a person the policy names', async () => {
    await applied();
    const mine = await h.run('chat', '/oncall test sms', '--as', 'alice');
    expect(mine).toMatchObject({ code: 0, out: 'Test page for @alice:\n• SMS: test queued' });
    const stranger = await h.run('chat', '/oncall test', '--as', 'U0STRANGER');
    expect(stranger.code).toBe(1);
    expect(stranger.err).toMatch(/^The policy file does not name you/);
    expect((await queued()).map((r) => `${r.platform} ${r.payload.person.id}`)).toEqual(['sms alice']);
  });
});
