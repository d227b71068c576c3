import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actOnIncident } from '../../../src/app/web/web-incident-actions';
import { personForClaims } from '../../../src/app/web/sign-in-oidc';
import { viewerOf } from '../../../src/app/web/web-viewer';
import { dialects } from '../../support/dialects';
import { openHarness, type Harness } from '../../support/command-harness';

const READ_ONLY = /^Not allowed: the policy file does not name you, so you may only read/;

describe.each(dialects)('incident actions from the web on $name', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(dialect);
    await h.run('/incident declare Checkout is down sev2 payments', 'bob');
  });
  afterEach(async () => h.cleanup());

  const entries = async () => (await h.timeline(1)).map((e) => ({ by: e.actor.id, kind: e.kind, text: e.text, via: e.data.via }));

  it('a person acknowledges, notes, changes severity and resolves through the lifecycle verbs, "by web"', async () => {
    expect((await h.timers()).filter((t) => t.kind === 'timer.escalation_step')).toHaveLength(1);
    expect(await actOnIncident(h, 'carol', 1, { kind: 'ack' })).toEqual({ ok: true, text: 'INC-1: Acknowledged by @carol by web' });
    expect(await actOnIncident(h, 'carol', 1, { kind: 'note', text: 'rolled back <b>v2</b>' })).toMatchObject({ ok: true });
    expect(await actOnIncident(h, 'carol', 1, { kind: 'sev', severity: 'sev1' })).toMatchObject({ ok: true });
    expect(await actOnIncident(h, 'carol', 1, { kind: 'resolve', summary: 'rollback' })).toMatchObject({ ok: true });
    expect((await entries()).slice(-4)).toEqual([
      { by: 'carol', kind: 'incident.acknowledged', text: 'Acknowledged by @carol by web', via: 'web' },
      { by: 'carol', kind: 'note', text: 'rolled back <b>v2</b>', via: 'web' },
      { by: 'carol', kind: 'incident.severity', text: 'Severity sev2 → sev1 by @carol by web', via: 'web' },
      { by: 'carol', kind: 'incident.resolved', text: 'Resolved by @carol by web: rollback', via: 'web' },
    ]);
    // The escalation to carol after 10 minutes was cancelled by the acknowledgement, as from chat.
    expect((await h.timers()).filter((t) => t.kind === 'timer.escalation_step')).toEqual([]);
    expect(await actOnIncident(h, 'carol', 1, { kind: 'ack' })).toEqual({ ok: false, status: 409, text: 'INC-1 is resolved: nothing to acknowledge.' });
  });

  it('an unknown user reads but may not act: refused with the chat reason, recorded, nothing changed', async () => {
    const before = await h.incident(1);
    for (const action of [{ kind: 'ack' }, { kind: 'resolve' }, { kind: 'note', text: 'hi' }, { kind: 'sev', severity: 'sev4' }] as const) {
      const r = await actOnIncident(h, 'U0GHOST', 1, action);
      expect(r).toMatchObject({ ok: false, status: 403 });
      expect(r.text).toMatch(READ_ONLY);
    }
    expect(await h.incident(1)).toEqual(before);
    const refused = (await h.timeline(1)).filter((e) => e.actor.id === 'U0GHOST');
    expect(refused.map((e) => [e.kind, e.text, e.data.accepted])).toEqual([
      ['command', 'Acknowledge (web)', false],
      ['command', 'Resolve (web)', false],
      ['command', 'Add note (web)', false],
      ['command', 'Change severity (web)', false],
    ]);
    expect((await viewerOf(h.store, 'U0GHOST')).respond).toMatchObject({ allowed: false, reason: expect.stringMatching(/does not name you/) });
    expect((await viewerOf(h.store, 'bob')).respond).toEqual({ allowed: true });
  });

  it('access.unknown_users: respond lets an unknown user act from the web as in chat', async () => {
    await h.store.transaction((tx) => tx.policy.upsertObject('settings', 'default', 0, { timezone: 'Europe/Berlin', access: { admins: ['alice'], unknownUsers: 'respond' } }));
    expect(await actOnIncident(h, 'U0GHOST', 1, { kind: 'ack' })).toMatchObject({ ok: true });
  });

  it('an incident that does not exist is a 404', async () => {
    expect(await actOnIncident(h, 'bob', 99, { kind: 'ack' })).toEqual({ ok: false, status: 404, text: 'There is no INC-99.' });
  });

  it('an OpenID Connect user is the person with their Slack id, Entra object id or verified email; anyone else an unknown user', async () => {
    await h.store.transaction((tx) => tx.policy.upsertPerson({ id: 'dora', name: 'Dora', email: 'Dora@Example.com' }, 'policy'));
    const catalog = h.store.read.catalog;
    expect(await personForClaims(catalog, { subject: 's1', slackUserId: 'UBOB', email: 'dora@example.com' })).toBe('bob');
    expect(await personForClaims(catalog, { subject: 's2', entraObjectId: 'aad-alice' })).toBe('alice');
    expect(await personForClaims(catalog, { subject: 's3', email: 'DORA@example.com' })).toBe('dora');
    expect(await personForClaims(catalog, { subject: 's4', email: 'dora@example.com', emailVerified: false })).toBe('oidc:s4');
    expect(await personForClaims(catalog, { subject: 's5', email: 'Eve@Example.com' })).toBe('eve@example.com');
    expect((await viewerOf(h.store, 'eve@example.com')).known).toBe(false);
  });
});
