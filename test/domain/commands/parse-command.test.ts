import { describe, expect, it } from 'vitest';
import type { Command, CommandKind } from '../../../src/domain/commands/command';
import { COMMANDS, usageOf } from '../../../src/domain/commands/command-table';
import { parseCommand } from '../../../src/domain/commands/parse-command';
import { normalizeSlackMentions } from '../../../src/domain/commands/slack-mentions';

const bob = { kind: 'mention', id: 'bob' } as const;
const HOUR = 3_600_000;

const accepted: readonly (readonly [string, Command])[] = [
  ['/incident declare Checkout is down', { kind: 'incident.declare', title: 'Checkout is down' }],
  ['/incident declare Checkout is down sev2', { kind: 'incident.declare', title: 'Checkout is down', severity: 'sev2' }],
  ['/incident declare Checkout is down SEV1 payments', { kind: 'incident.declare', title: 'Checkout is down', severity: 'sev1', service: 'payments' }],
  ['/incident declare "Checkout down" payments', { kind: 'incident.declare', title: 'Checkout down', service: 'payments' }],
  ['/incident declare “Checkout down” payments sev3', { kind: 'incident.declare', title: 'Checkout down', severity: 'sev3', service: 'payments' }],
  ['/incident declare "Checkout" returns 500 sev2', { kind: 'incident.declare', title: '"Checkout" returns 500', severity: 'sev2' }],
  ['/incident declare Disk  full <!channel> sev2 on db', { kind: 'incident.declare', title: 'Disk  full <!channel> sev2 on db' }],
  ['/incident ack', { kind: 'incident.ack' }],
  ['/incident ack INC-1', { kind: 'incident.ack', incident: 1 }],
  ['/incident INC-12 ack', { kind: 'incident.ack', incident: 12 }],
  ['/incident ack #7', { kind: 'incident.ack', incident: 7 }],
  ['/incident resolve', { kind: 'incident.resolve' }],
  ['/incident resolve INC-3 rolled back  v1.2\nall green', { kind: 'incident.resolve', incident: 3, summary: 'rolled back  v1.2\nall green' }],
  ['/incident note INC-3 same cause as INC-2 <!here>', { kind: 'incident.note', incident: 3, text: 'same cause as INC-2 <!here>' }],
  ['/incident sev 2', { kind: 'incident.sev', severity: 'sev2' }],
  ['/incident sev sev1 INC-4', { kind: 'incident.sev', incident: 4, severity: 'sev1' }],
  ['/incident assign @U123', { kind: 'incident.assign', person: { kind: 'mention', id: 'U123' } }],
  ['/incident assign INC-9 me', { kind: 'incident.assign', incident: 9, person: { kind: 'self' } }],
  ['/incident escalate INC-5', { kind: 'incident.escalate', incident: 5 }],
  ['/incident status', { kind: 'incident.status' }],
  ['/incident timeline inc-8', { kind: 'incident.timeline', incident: 8 }],
  ['/incident channel INC-12', { kind: 'incident.channel', incident: 12 }],
  ['/incident list', { kind: 'incident.list' }],
  ['/incident help', { kind: 'incident.help' }],
  ['/incident', { kind: 'incident.help' }],
  ['/oncall', { kind: 'oncall.now' }],
  ['/oncall platform-primary', { kind: 'oncall.now', rotation: 'platform-primary' }],
  ['/oncall next', { kind: 'oncall.next' }],
  ['/oncall next platform-primary', { kind: 'oncall.next', rotation: 'platform-primary' }],
  ['/oncall schedule platform-primary', { kind: 'oncall.schedule', rotation: 'platform-primary' }],
  ['/oncall schedule platform-primary 8', { kind: 'oncall.schedule', rotation: 'platform-primary', weeks: 8 }],
  ['/oncall cover @bob 2h', { kind: 'oncall.cover', person: bob, span: { kind: 'for', ms: 2 * HOUR } }],
  ['/oncall cover @bob for 3h', { kind: 'oncall.cover', person: bob, span: { kind: 'for', ms: 3 * HOUR } }],
  ['/oncall cover platform @bob until 18:00', { kind: 'oncall.cover', rotation: 'platform', person: bob, span: { kind: 'until', end: { time: '18:00' } } }],
  ['/oncall cover @bob until 2026-12-01 09:00', { kind: 'oncall.cover', person: bob, span: { kind: 'until', end: { date: '2026-12-01', time: '09:00' } } }],
  [
    '/oncall override platform-primary @bob 2026-12-24T00:00 2026-12-27T00:00',
    { kind: 'oncall.override', rotation: 'platform-primary', person: bob, span: { kind: 'between', start: { kind: 'at', date: '2026-12-24', time: '00:00' }, end: { date: '2026-12-27', time: '00:00' } } },
  ],
  ['/oncall overrides', { kind: 'oncall.overrides' }],
  ['/oncall overrides platform-primary', { kind: 'oncall.overrides', rotation: 'platform-primary' }],
  ['/oncall override remove ov-abc23456', { kind: 'oncall.override.remove', id: 'ov-abc23456' }],
  ['/oncall rotation create ops', { kind: 'oncall.rotation.create', rotation: 'ops' }],
  [
    '/oncall rotation create ops weekly Monday 9:00 europe/berlin',
    { kind: 'oncall.rotation.create', rotation: 'ops', period: 'weekly', weekday: 'mon', handoffTime: '09:00', zone: 'Europe/Berlin' },
  ],
  ['/oncall rotation create ops UTC 3d 08:30', { kind: 'oncall.rotation.create', rotation: 'ops', period: { days: 3 }, handoffTime: '08:30', zone: 'UTC' }],
  ['/oncall rotation add ops @bob', { kind: 'oncall.rotation.add', rotation: 'ops', person: bob }],
  ['/oncall rotation add ops @bob 1', { kind: 'oncall.rotation.add', rotation: 'ops', person: bob, position: 1 }],
  ['/oncall rotation remove ops @bob', { kind: 'oncall.rotation.remove', rotation: 'ops', person: bob }],
  ['/oncall rotation move ops @bob 2', { kind: 'oncall.rotation.move', rotation: 'ops', person: bob, position: 2 }],
  ['/oncall help', { kind: 'oncall.help' }],
  ['/oncall test', { kind: 'oncall.test' }],
  ['/oncall test SMS', { kind: 'oncall.test', via: 'sms' }],
  ['/oncall web', { kind: 'oncall.web' }],
];

const usage = (kind: CommandKind): string => usageOf(COMMANDS.find((e) => e.kind === kind) ?? COMMANDS[0]!);

const refused: readonly (readonly [string, CommandKind, RegExp])[] = [
  ['/incident declare', 'incident.declare', /needs a title/],
  ['/incident declare sev2 payments', 'incident.declare', /needs a title/],
  ['/incident declare Checkout down sev9', 'incident.declare', /`sev9` is not a severity/],
  ['/incident INC-1 declare Checkout down', 'incident.declare', /takes no INC-1/],
  ['/incident ack now', 'incident.ack', /unexpected `now`/i],
  ['/incident INC-1 ack INC-2', 'incident.ack', /one incident, not INC-1 and INC-2/],
  ['/incident INC-1 resolve INC-2 done', 'incident.resolve', /one incident/],
  ['/incident note', 'incident.note', /needs some text/],
  ['/incident note INC-4', 'incident.note', /needs some text/],
  ['/incident sev', 'incident.sev', /missing a severity/i],
  ['/incident sev 5', 'incident.sev', /`5` is not a severity/],
  ['/incident sev 2 3', 'incident.sev', /unexpected `3`/i],
  ['/incident assign bob', 'incident.assign', /`bob` is not a person/],
  ['/incident escalate everyone', 'incident.escalate', /unexpected/i],
  ['/incident status full', 'incident.status', /unexpected/i],
  ['/incident timeline md', 'incident.timeline', /unexpected/i],
  ['/incident channel please', 'incident.channel', /unexpected/i],
  ['/incident list all', 'incident.list', /unexpected `all`/i],
  ['/incident help ack', 'incident.help', /unexpected/i],
  ['/oncall @bob', 'oncall.now', /`@bob` is not a rotation name/],
  ['/oncall next a b', 'oncall.next', /unexpected `b`/i],
  ['/oncall schedule', 'oncall.schedule', /missing a rotation name/i],
  ['/oncall schedule ops 60', 'oncall.schedule', /`60` is not a number of weeks/],
  ['/oncall cover @bob', 'oncall.cover', /missing a span: 2h, for 3h/i],
  ['/oncall cover @bob 10s', 'oncall.cover', /between 1m and 366d/],
  ['/oncall cover @bob until 25:00', 'oncall.cover', /`25:00` is not a time/],
  ['/oncall cover @bob until 2026-02-30', 'oncall.cover', /not a date or time/],
  ['/oncall cover @bob for ever', 'oncall.cover', /`ever` is not a duration/],
  ['/oncall cover ops', 'oncall.cover', /missing a person/i],
  ['/oncall override ops @bob 2026-12-24T00:00', 'oncall.override', /missing when it ends/i],
  ['/oncall cover @bob until', 'oncall.cover', /missing when it ends/i],
  ['/oncall override @bob 2026-12-24 2026-12-27', 'oncall.override', /`@bob` is not a rotation name/],
  ['/oncall override ops @bob 2026-12-24 2026-12-27 later', 'oncall.override', /unexpected `later`/i],
  ['/oncall rotation create', 'oncall.rotation.create', /missing a rotation name/i],
  ['/oncall rotation create ops daily tue', 'oncall.rotation.create', /weekday goes with a weekly period/],
  ['/oncall rotation create ops weekly daily', 'oncall.rotation.create', /`daily` is not a period.*or comes twice/],
  ['/oncall rotation create ops Mars/Olympus', 'oncall.rotation.create', /not a period/],
  ['/oncall rotation add ops', 'oncall.rotation.add', /missing a person/i],
  ['/oncall rotation remove ops @bob 2', 'oncall.rotation.remove', /unexpected `2`/i],
  ['/oncall rotation move ops @bob', 'oncall.rotation.move', /missing a position/i],
  ['/oncall rotation move ops @bob 0', 'oncall.rotation.move', /`0` is not a position/],
  ['/oncall help me', 'oncall.help', /unexpected/i],
  ['/oncall web now', 'oncall.web', /unexpected `now`/i],
  ['/oncall test fax', 'oncall.test', /`fax` is not a channel \(chat, push, sms, voice, email\)/i],
  ['/oncall overrides a b', 'oncall.overrides', /unexpected `b`/i],
  ['/oncall override remove', 'oncall.override.remove', /missing an override id/i],
  ['/oncall override remove ov-1 ov-2', 'oncall.override.remove', /unexpected `ov-2`/i],
];

describe('parseCommand', () => {
  it.each(accepted)('reads %j', (text, command) => {
    expect(parseCommand(text)).toStrictEqual({ ok: true, command });
  });

  it.each(refused)('refuses %j with the usage of %s', (text, kind, message) => {
    const result = parseCommand(text);
    expect(result).toMatchObject({ ok: false, usage: usage(kind) });
    expect(result.ok ? '' : result.message).toMatch(message);
  });

  it('has a happy path and a refusal for every command of the table', () => {
    const kinds = COMMANDS.map((e) => e.kind).sort();
    expect([...new Set(accepted.map(([, c]) => c.kind))].sort()).toEqual(kinds);
    expect([...new Set(refused.map(([, k]) => k))].sort()).toEqual(kinds);
  });

  it.each([
    'incident ack INC-1',
    'INCIDENT ACK inc-1',
    '/inc ack INC-1',
    '  /incident\u00a0ack   INC-1 ',
    '@Tocsin incident ack INC-1',
    '<at>Tocsin Bot</at> /incident ack INC-1',
    '<@U0BOT> incident ack INC-1',
  ])('takes %j as typed to the Teams bot, with or without slash or mention', (text) => {
    expect(parseCommand(text)).toEqual({ ok: true, command: { kind: 'incident.ack', incident: 1 } });
  });

  it('refuses what is not a command with the way in', () => {
    for (const text of ['', '   ', 'hello there', 'help', '@Tocsin hello']) {
      expect(parseCommand(text)).toMatchObject({ ok: false, usage: '/incident help · /oncall help' });
    }
  });

  it('answers an unknown verb with the verbs there are', () => {
    expect(parseCommand('/incident acknowledge')).toEqual({
      ok: false,
      usage: '/incident declare|ack|resolve|note|sev|assign|escalate|status|timeline|channel|list|help …',
      message: '`acknowledge` is not a /incident command',
    });
    expect(parseCommand('/incident INC-3')).toMatchObject({ ok: false, message: 'Which /incident command?' });
    expect(parseCommand('/oncall rotation')).toEqual({ ok: false, usage: '/oncall rotation create|add|remove|move …', message: 'Which /oncall rotation command?' });
    expect(parseCommand('/oncall rotation rename ops')).toMatchObject({ ok: false, message: '`rename` is not a /oncall rotation command' });
  });

  it('shortens what it quotes back', () => {
    const result = parseCommand(`/incident ack ${'x'.repeat(500)}`);
    expect(result.ok ? '' : result.message.length).toBeLessThan(80);
  });
});

describe('normalizeSlackMentions', () => {
  it('turns user mentions into @id and leaves other markup alone', () => {
    expect(normalizeSlackMentions('/incident assign <@U123|bob> <!channel> <#C1|ops> <https://x.io|x> <@W9>')).toBe(
      '/incident assign @U123 <!channel> <#C1|ops> <https://x.io|x> @W9',
    );
  });

  it('feeds the parser', () => {
    expect(parseCommand(normalizeSlackMentions('/oncall cover <@U42|carol> 1h30m'))).toEqual({
      ok: true,
      command: { kind: 'oncall.cover', person: { kind: 'mention', id: 'U42' }, span: { kind: 'for', ms: 1.5 * HOUR } },
    });
  });
});
