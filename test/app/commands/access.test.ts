import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../../support/dialects';
import { commandsOf, openHarness, type Harness } from '../../support/command-harness';

// SPEC "Who may do what": unknown chat users read, people respond, rotation members override
// their rotation, admins (alice in the harness) do everything. Every command comes through
// runChatCommand, so the CLI, Slack ids and Teams ids are all checked here the same way.
const READ_ONLY = /^Not allowed: the policy file does not name you, so you may only read/;
const slack = (channelId?: string) => ({ platform: 'slack' as const, ...(channelId ? { channelId } : {}) });

describe.each(dialects)('access rules on $name', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(dialect);
    await h.run('/incident declare Checkout is down sev2 payments', 'bob');
  });
  afterEach(async () => h.cleanup());

  it('an unknown Slack user reads but cannot respond; each refusal is answered with its reason and recorded', async () => {
    for (const text of ['/incident ack INC-1', '/incident resolve INC-1 fixed', '/incident escalate INC-1', '/incident sev INC-1 1', '/incident note INC-1 hi', '/incident assign INC-1 me']) {
      const reply = await h.run(text, 'U0GHOST', slack());
      expect(reply).toMatchObject({ ok: false, visibility: 'ephemeral', incidentRef: 'INC-1' });
      expect(reply.text).toMatch(READ_ONLY);
    }
    expect(await h.run('/incident declare Fake sev1', 'U0GHOST', slack())).toMatchObject({ ok: false, text: expect.stringMatching(READ_ONLY) });
    expect((await h.incident(1)).status).toBe('triggered');
    expect(await h.run('/incident status INC-1', 'U0GHOST', slack())).toMatchObject({ ok: true });
    expect(await h.run('/incident list', 'U0GHOST', slack())).toMatchObject({ ok: true });
    expect(await h.run('/oncall', 'U0GHOST', slack())).toMatchObject({ ok: true });
    const refused = commandsOf(await h.timeline(1)).filter((c) => c.by === 'U0GHOST' && c.accepted === false);
    expect(refused.map((c) => c.text)).toEqual(['/incident ack INC-1', '/incident resolve INC-1 fixed', '/incident escalate INC-1', '/incident sev INC-1 1', '/incident note INC-1 hi', '/incident assign INC-1 me']);
    const entry = (await h.timeline(1)).find((e) => e.kind === 'command' && e.actor.id === 'U0GHOST');
    expect(entry?.data.reply).toMatch(READ_ONLY);
  });

  it('the same chat user is a person once the policy names their Slack id, and may respond', async () => {
    expect(await h.run('/incident ack INC-1', 'UBOB', slack())).toMatchObject({ ok: true });
    expect((await h.incident(1)).acknowledgedBy).toBe('bob');
  });

  it('access.unknown_users: respond lets unknown users act like people, and no further', async () => {
    await h.store.transaction((tx) => tx.policy.upsertObject('settings', 'default', 0, { timezone: 'Europe/Berlin', access: { admins: ['alice'], unknownUsers: 'respond' } }));
    expect(await h.run('/incident ack INC-1', 'U0GHOST', slack())).toMatchObject({ ok: true });
    expect((await h.run('/oncall cover primary @U0GHOST 2h', 'U0GHOST', slack())).text).toBe('Not allowed: only members of primary and admins may override it.');
    expect((await h.run('/oncall rotation create ghosts', 'U0GHOST', slack())).text).toMatch(/^Not allowed: only admins/);
  });

  it('overrides: members on their own rotation, admins on any; nobody else; never past the limits', async () => {
    expect((await h.run('/oncall cover primary @carol 2h', 'carol')).text).toBe('Not allowed: only members of primary and admins may override it.');
    expect((await h.run('/oncall cover primary @U0GHOST 2h', 'U0GHOST', slack())).text).toMatch(READ_ONLY);
    expect(await h.run('/oncall cover primary @carol 2h', 'bob')).toMatchObject({ ok: true });
    expect(await h.run('/oncall cover primary @carol 2h', 'alice')).toMatchObject({ ok: true });
    // The attack the issue describes: a rotation handed to a ghost until the end of time.
    const forever = await h.run('/oncall override primary @bob now 9999-12-31', 'bob');
    expect(forever).toMatchObject({ ok: false });
    expect(forever.text).toMatch(/^An override lasts at most 30d \(access\.max_override\)/);
    expect((await h.run('/oncall cover @carol 31d', 'bob')).text).toMatch(/^An override lasts at most 30d/);
    expect(await h.run('/oncall cover @carol 30d', 'bob')).toMatchObject({ ok: true });
    const late = await h.run('/oncall override primary @carol 2027-03-01T00:00 2027-03-02T00:00', 'alice');
    expect(late.text).toMatch(/^An override must end within a year, by 2027-01-07T10:00:00.000Z/);
    const stored = (await h.store.read.policy.snapshot()).overrides;
    expect(stored).toHaveLength(3);
    expect(Math.max(...stored.map((o) => Date.parse(o.end)))).toBeLessThanOrEqual(Date.parse('2026-02-07T00:00:00Z'));
  });

  it('a longer access.max_override is honoured', async () => {
    await h.store.transaction((tx) => tx.policy.upsertObject('settings', 'default', 0, { timezone: 'Europe/Berlin', access: { admins: ['alice'], maxOverrideMs: 90 * 86_400_000 } }));
    expect(await h.run('/oncall cover @carol 60d', 'bob')).toMatchObject({ ok: true });
  });

  it('/oncall overrides lists them with ids; the maker or an admin removes one; others may not', async () => {
    const made = await h.run('/oncall override primary @carol 2026-01-08T09:00 2026-01-08T17:00', 'bob');
    const id = /override (ov-[a-z2-9]{8}) by/.exec(made.text)?.[1];
    expect(id).toBeDefined();
    await h.store.transaction((tx) => tx.policy.upsertOverride({ id: 'policy-0123456789abcdef', rotationId: 'primary', personId: 'alice', start: '2026-01-09T00:00:00.000Z', end: '2026-01-10T00:00:00.000Z', source: 'policy' }));
    const listed = await h.run('/oncall overrides', 'U0GHOST', slack());
    expect(listed.ok).toBe(true);
    expect(listed.text.split('\n')).toEqual([
      'Overrides now and ahead (remove one with /oncall override remove <id>):',
      `${id} · primary · @carol · Thu 2026-01-08 09:00 GMT+1 → Thu 2026-01-08 17:00 GMT+1 · by @bob`,
      'policy-0123456789abcdef · primary · @alice · Fri 2026-01-09 01:00 GMT+1 → Sat 2026-01-10 01:00 GMT+1 · from the policy file',
    ]);
    expect((await h.run(`/oncall override remove ${id}`, 'carol')).text).toBe('Not allowed: only admins and the person who made an override may remove it.');
    expect((await h.run(`/oncall override remove ${id}`, 'U0GHOST', slack())).text).toMatch(READ_ONLY);
    expect((await h.run('/oncall override remove policy-0123456789abcdef', 'alice')).text).toMatch(/^Not allowed: it comes from the policy file/);
    expect((await h.run('/oncall override remove ov-nosuch22', 'alice')).text).toBe('There is no override ov-nosuch22: /oncall overrides lists them with their ids.');
    const removed = await h.run(`/oncall override remove ${id}`, 'bob');
    expect(removed).toMatchObject({ ok: true, visibility: 'channel' });
    expect(removed.text).toBe(`Override ${id} removed by @bob: @carol is no longer on call for primary from Thu 2026-01-08 09:00 GMT+1 to Thu 2026-01-08 17:00 GMT+1.`);
    expect((await h.run('/oncall overrides primary', 'bob')).text.split('\n')).toHaveLength(2);
    const again = await h.run('/oncall override primary @carol 2026-01-08T09:00 2026-01-08T17:00', 'bob');
    const second = /override (ov-[a-z2-9]{8}) by/.exec(again.text)?.[1];
    expect(await h.run(`/oncall override remove ${second}`, 'alice')).toMatchObject({ ok: true });
  });

  it('rotation edits are for admins', async () => {
    expect((await h.run('/oncall rotation create night', 'bob')).text).toBe('Not allowed: only admins (`access.admins` in the policy file) may edit rotations.');
    expect(await h.run('/oncall rotation create night', 'alice')).toMatchObject({ ok: true });
    expect((await h.run('/oncall rotation add night @bob', 'bob')).text).toMatch(/^Not allowed: only admins/);
    expect(await h.run('/oncall rotation add night @bob', 'UALICE', slack())).toMatchObject({ ok: true });
  });

  it('a person named by email only is recognised by the email the platform confirms, never by a bare id', async () => {
    await h.store.transaction((tx) => tx.policy.upsertPerson({ id: 'dana', email: 'Dana@Example.com' }, 'policy'));
    expect((await h.run('/incident ack INC-1', 'U0DANA', slack())).text).toMatch(READ_ONLY);
    expect(await h.run('/incident ack INC-1', 'U0DANA', { ...slack(), actorEmail: 'dana@example.com' })).toMatchObject({ ok: true });
    expect((await h.incident(1)).acknowledgedBy).toBe('dana');
  });
});
