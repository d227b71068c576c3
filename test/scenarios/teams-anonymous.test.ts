import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_CHANNEL, TeamsHarness } from '../support/teams-harness';

// Without MICROSOFT_APP_ID nothing proves an activity came from Teams: a Slack-only deployment
// must not run `incident resolve` for whoever claims an aadObjectId, nor post its answers (or
// later pages) to a serviceUrl the sender chose.

describe('Teams without an app id, anonymous mode not allowed', () => {
  const h = new TeamsHarness({ allowAnonymous: false });
  beforeAll(async () => {
    await h.start();
  });
  afterAll(() => h.stop());

  it('answers 404 at /api/messages, stores nothing, runs nothing and calls nobody', async () => {
    await h.alert('db-1', 'Orders database down');
    const answers = [
      await h.post(h.installActivity()),
      await h.post({ ...h.press(SERVICE_CHANNEL, 'incident.resolve', 'INC-1'), serviceUrl: 'https://attacker.example/' }),
      await h.post(h.personal('oncall')),
    ];
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array(3).fill([404, { error: 'not_found', message: 'no such endpoint' }]));
    expect(await h.chatRefs()).toEqual([]);
    expect((await h.incident(1))?.status).toBe('triggered');
    expect(h.connector.calls).toEqual([]);
    expect(h.logs.some((l) => /\/api\/messages is off \(404\)/.test(l.msg))).toBe(true);
  });
});

describe('Teams anonymous mode (TEAMS_ALLOW_ANONYMOUS=true)', () => {
  // Each refusal here must be the 403 itself, not the 429 that follows ten of them (auth-failure-limit.test).
  const h = new TeamsHarness({ env: { AUTH_FAILURE_LIMIT: '0' } });
  beforeAll(async () => {
    await h.start();
  });
  afterAll(() => h.stop());

  it('warns at start that requests are not authenticated and answered only on loopback', () => {
    const warning = h.logs.find((l) => /runs anonymously/.test(l.msg));
    expect(warning).toMatchObject({ level: 40, msg: expect.stringMatching(/only activities whose serviceUrl is a loopback address/) });
  });

  it.each(['https://attacker.example/', 'http://10.0.0.5:8080/', 'http://169.254.169.254/', 'http://localhost.attacker.example/'])(
    'refuses an activity whose serviceUrl is %s (403): no reference stored, no command run, no reply sent',
    async (serviceUrl) => {
      await h.alert('db-1', 'Orders database down');
      const answers = [
        await h.post({ ...h.installActivity(), serviceUrl }),
        await h.post({ ...h.press(SERVICE_CHANNEL, 'incident.resolve', 'INC-1'), serviceUrl }),
        await h.post({ ...h.personal('oncall'), serviceUrl }),
      ];
      expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
      expect(answers[0]!.body).toEqual({ error: 'forbidden', message: expect.stringMatching(/loopback/) });
      expect(await h.chatRefs()).toEqual([]);
      expect((await h.incident(1))?.status).toBe('triggered');
      expect(h.connector.calls).toEqual([]);
    },
  );

  it('takes at most 64 KiB from a sender nothing authenticates (413 past it)', async () => {
    const answer = await h.post(h.personal(`incident note INC-1 ${'x'.repeat(64 * 1024)}`));
    expect(answer.status).toBe(413);
    expect(await h.chatRefs()).toEqual([]);
  });

  it('takes the same activities from a loopback serviceUrl (the Emulator beside the bot)', async () => {
    expect((await h.post(h.installActivity())).status).toBe(200);
    expect((await h.chatRefs()).map((r) => r.value.serviceUrl ?? r.value.teamId)).toContain(h.serviceUrl);
  });
});
