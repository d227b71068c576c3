import { describe, expect, it } from 'vitest';
import { NOTICE, parseNotice, readNotice, type NoticeInput, type NoticeKind } from '../../../src/app/outbox/notice-contracts';

const incident = {
  id: 7,
  ref: 'INC-7',
  number: 7,
  title: 'Payments API 5xx',
  severity: 'sev2',
  status: 'triggered',
  serviceId: 'payments',
  createdAt: '2026-01-07T10:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  resolvedBy: null,
  assignee: null,
};
const target = { platform: 'slack', channelPrefix: 'inc', announceChannel: 'C01INCIDENTS' };
const alice = { id: 'alice', name: 'Alice', email: 'alice@example.com', slackId: 'U01ALICE' };

/** One payload per kind, every field set, as its writer puts it: the type makes the list complete. */
const SAMPLES: { readonly [K in NoticeKind]: NoticeInput<K> } = {
  [NOTICE.incidentOpened]: { incident, target, oncall: [alice], responders: [{ id: 'bob' }], links: [{ title: 'Runbook', url: 'https://runbooks.example.com/payments' }], mentions: [], inStorm: false },
  [NOTICE.incidentUpdated]: { incident, target, text: 'INC-7: Acknowledged by @alice', mentions: ['alice'] },
  [NOTICE.incidentMessage]: { incident, target, text: 'Another alert joined INC-7', mentions: [] },
  [NOTICE.incidentPage]: { incident, target, people: [alice], step: 0, round: 1, rule: 2, text: 'Paging @alice', mentions: [] },
  [NOTICE.incidentResolved]: { incident: { ...incident, status: 'resolved', resolvedAt: '2026-01-07T11:00:00.000Z', resolvedBy: 'alice' }, target, text: 'INC-7 resolved', summary: 'rolled back', durationMs: 3_600_000, timeToAckMs: null, mentions: [] },
  [NOTICE.incidentArchive]: { incident, target },
  [NOTICE.channelPost]: { channel: { platform: 'slack', id: 'C01ONCALL' }, text: 'On call this week', mentions: ['alice'], title: 'Weekly', sections: [{ title: 'Primary', lines: ['@alice'] }], summary: 'weekly', period: '2026-W02' },
  [NOTICE.personMessage]: { person: alice, text: 'You are on call from Monday 09:00', mentions: [], role: 'incoming' },
  [NOTICE.personNotification]: {
    channel: 'sms',
    notificationId: '7:alice:1767780000000:2',
    test: false,
    incident: { id: 7, ref: 'INC-7', number: 7, title: 'Payments API 5xx', severity: 'sev2', service: 'payments' },
    person: { id: 'alice', phone: '+4915112345678' },
    ackUrl: 'https://tocsin.example.com/ack/abc',
    incidentUrl: 'https://tocsin.example.com/incidents/INC-7',
  },
  [NOTICE.stormLine]: { service: { id: 'payments', name: 'Payments' }, target, text: 'Storm on Payments: 11 new incidents in a minute' },
  [NOTICE.stormDigest]: { service: { id: 'payments', name: 'Payments' }, target, minuteAt: '2026-01-07T10:00:00.000Z' },
};

describe('notice contracts', () => {
  it.each(Object.values(NOTICE))('%s round-trips through the stored JSON', (kind) => {
    const stored = JSON.stringify(SAMPLES[kind]);
    const read = parseNotice(kind, stored);
    expect(read).toEqual({ ok: true, notice: { kind, payload: SAMPLES[kind] } });
    // Read from the parsed object (as the outbox queue hands rows over) the same way.
    expect(parseNotice(kind, JSON.parse(stored))).toEqual(read);
  });

  it('fills what an older writer left out, and reads its older shapes', () => {
    const page = parseNotice(NOTICE.incidentPage, { incident: { ...incident, serviceId: undefined }, target, person: alice });
    expect(page).toMatchObject({ ok: true, notice: { payload: { person: alice, people: [], mentions: [], incident: { serviceId: null } } } });
    const post = parseNotice(NOTICE.channelPost, { channel: 'C01ONCALL', text: 'hi' });
    expect(post).toMatchObject({ ok: true, notice: { payload: { channel: { id: 'C01ONCALL' }, mentions: [] } } });
  });

  it('drops links that are not http(s) from a notification: they end up in mails and buttons', () => {
    const read = parseNotice(NOTICE.personNotification, { ...SAMPLES[NOTICE.personNotification], ackUrl: 'javascript:alert(1)' });
    expect(read.ok && read.notice.payload).toMatchObject({ ackUrl: undefined, incidentUrl: 'https://tocsin.example.com/incidents/INC-7' });
  });

  it('refuses a bad payload with a message naming each field at fault', () => {
    const read = parseNotice(NOTICE.incidentOpened, { incident: { ...incident, number: 'seven' }, target: {}, oncall: [{ name: 'no id' }] });
    expect(read.ok).toBe(false);
    const { error } = read as { error: string };
    expect(error).toMatch(/^unreadable notice\.incident_opened payload: /);
    for (const field of ['incident.number', 'target.platform', 'oncall.0.id']) expect(error).toContain(`${field}: `);
  });

  it('refuses what is not JSON, an unknown kind, and says which outbox row', () => {
    expect(parseNotice(NOTICE.incidentMessage, '{not json')).toEqual({ ok: false, error: 'unreadable notice.incident_message payload: not JSON' });
    expect(parseNotice('incident.opened', {})).toEqual({ ok: false, error: 'unknown notice kind incident.opened' });
    expect(readNotice({ id: 42, kind: NOTICE.channelPost, payload: { channel: 'C1' } })).toEqual({ ok: false, error: 'outbox 42: unreadable notice.channel_post payload: text: Invalid input: expected string, received undefined' });
  });
});
