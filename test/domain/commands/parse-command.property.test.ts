import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS, usageOf } from '../../../src/domain/commands/command-table';
import { parseCommand } from '../../../src/domain/commands/parse-command';
import { resolveSpan } from '../../../src/domain/commands/span-resolve';

const KINDS = new Set<string>(COMMANDS.map((e) => e.kind));
const USAGES = new Set(COMMANDS.map(usageOf));

const ROOTS = ['/incident', 'incident', '/inc', '/oncall', 'oncall', '@Tocsin /incident', '<at>Tocsin</at> oncall'];
const VERBS = [...new Set(COMMANDS.flatMap((e) => e.words))];
const ARGS = ['INC-3', 'inc-0', '#4', '@bob', '@', 'me', 'sev2', 'sev9', '2', '0', '52', '999999999999', '18:00', '25:61', '2026-12-01', '2026-02-30', '2026-12-01T09:00', '2026-12-01T09:00+01:00', '2026-12-01T9Z', 'for', 'until', 'from', 'to', 'now', '-', '2h', '1h30m', '99999999w', '3', 'hours', 'weekly', 'daily', '3d', '0d', 'mon', 'Europe/Berlin', 'utc', '"', '“', '”', '<!channel>', '<@U1|x>', '\n', '\u00a0'];

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
const commandish = fc
  .tuple(fc.constantFrom(...ROOTS), fc.array(fc.oneof(fc.constantFrom(...VERBS, ...ARGS), anyText), { maxLength: 8 }))
  .map(([root, words]) => [root, ...words].join(' '));

function wellFormed(text: string): void {
  const result = parseCommand(text);
  if (result.ok) {
    expect(KINDS.has(result.command.kind)).toBe(true);
  } else {
    expect(result.usage.length).toBeGreaterThan(0);
    expect(USAGES.has(result.usage) || / …$|^\/incident help · \/oncall help$/.test(result.usage)).toBe(true);
    expect(result.message).not.toMatch(/\n\s+at /);
    expect(result.message.length).toBeLessThan(300);
  }
}

describe('parseCommand, for any input', () => {
  it('never throws and answers a command or a usage line, for any string', () => {
    fc.assert(fc.property(anyText, wellFormed), { numRuns: 2000 });
  });

  it('never throws for strings built from the command words and random arguments', () => {
    fc.assert(fc.property(commandish, wellFormed), { numRuns: 3000 });
  });
});

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/).filter((w) => !/^(sev\d+|inc)$/.test(w));
const id = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,15}$/);
const incident = fc.integer({ min: 1, max: 99_999 });
const severity = fc.constantFrom('sev1', 'sev2', 'sev3', 'sev4' as const);

describe('parseCommand round-trips what was typed', () => {
  it('declare keeps the title and reads severity and service', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), fc.option(severity, { nil: undefined }), fc.option(id, { nil: undefined }), (title, sev, service) => {
        const tail = sev ? [sev, service ?? ''] : [];
        const result = parseCommand(['/incident declare', ...title, ...tail].join(' '));
        expect(result).toEqual({ ok: true, command: { kind: 'incident.declare', title: title.join(' '), severity: sev, service: sev ? service : undefined } });
        const quoted = parseCommand(`/incident declare "${title.join(' ')}" ${service ?? ''} ${sev ?? ''}`);
        expect(quoted).toEqual({ ok: true, command: { kind: 'incident.declare', title: title.join(' '), severity: sev, service } });
      }),
    );
  });

  it('note and resolve keep their text as typed, INC-n taken only right after the verb', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1 }).filter((t) => t.trim() !== '' && !/^\s*(inc-|#)\d/i.test(t));
    fc.assert(
      fc.property(incident, text, (n, t) => {
        expect(parseCommand(`/incident note INC-${n} ${t}`)).toEqual({ ok: true, command: { kind: 'incident.note', incident: n, text: t.trim() } });
        expect(parseCommand(`/incident resolve ${t}`)).toEqual({ ok: true, command: { kind: 'incident.resolve', summary: t.trim() } });
      }),
    );
  });

  it('incident commands take INC-n before the verb or anywhere among their arguments', () => {
    fc.assert(
      fc.property(incident, severity, id, fc.boolean(), fc.boolean(), (n, sev, person, before, last) => {
        const ref = `INC-${n}`;
        const place = (verb: string, arg: string) => (before ? `/incident ${ref} ${verb} ${arg}` : last ? `/incident ${verb} ${arg} ${ref}` : `/incident ${verb} ${ref} ${arg}`);
        expect(parseCommand(place('sev', sev.slice(3)))).toEqual({ ok: true, command: { kind: 'incident.sev', incident: n, severity: sev } });
        expect(parseCommand(place('assign', `@${person}`))).toEqual({ ok: true, command: { kind: 'incident.assign', incident: n, person: { kind: 'mention', id: person } } });
        expect(parseCommand(place('ack', ''))).toEqual({ ok: true, command: { kind: 'incident.ack', incident: n } });
      }),
    );
  });

  it('cover and override read person and span', () => {
    const day = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(id, id, fc.integer({ min: 1, max: 48 }), day, time, day, time, (rotation, person, hours, d1, t1, d2, t2) => {
        expect(parseCommand(`/oncall cover @${person} for ${hours}h`)).toEqual({ ok: true, command: { kind: 'oncall.cover', person: { kind: 'mention', id: person }, span: { kind: 'for', ms: hours * 3_600_000 } } });
        expect(parseCommand(`/oncall override ${rotation} @${person} ${d1}T${t1} ${d2} ${t2}`)).toEqual({
          ok: true,
          command: { kind: 'oncall.override', rotation, person: { kind: 'mention', id: person }, span: { kind: 'between', start: { kind: 'at', date: d1, time: t1 }, end: { date: d2, time: t2 } } },
        });
      }),
    );
  });

  it('rotation create takes its options in any order', () => {
    const options = fc.record(
      { period: fc.constantFrom('daily', 'weekly'), handoffTime: fc.constantFrom('08:00', '09:30', '23:59'), zone: fc.constantFrom('Europe/Berlin', 'America/Chicago', 'UTC') },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(id, options, fc.boolean(), (rotation, opts, reverse) => {
        const words = Object.values(opts);
        const result = parseCommand(`/oncall rotation create ${rotation} ${(reverse ? words.reverse() : words).join(' ')}`);
        expect(result).toEqual({ ok: true, command: { kind: 'oncall.rotation.create', rotation, ...opts } });
      }),
    );
  });
});

describe('resolveSpan, for any moment', () => {
  it('puts `until HH:MM` within the next day, after now', () => {
    const now = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true });
    const zone = fc.constantFrom('Europe/Berlin', 'America/Chicago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC');
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(now, zone, time, (at, z, t) => {
        const span = resolveSpan({ kind: 'until', end: { time: t } }, at, z);
        if ('message' in span) throw new Error(span.message);
        expect(span.start).toEqual(at);
        expect(span.end.getTime()).toBeGreaterThan(at.getTime());
        expect(span.end.getTime() - at.getTime()).toBeLessThanOrEqual(25 * 3_600_000);
      }),
    );
  });
});
