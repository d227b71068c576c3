import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/domain/timeline/timeline-entry';
import { openHarness, type Harness } from '../support/command-harness';
import { dialects } from '../support/dialects';
import { NASTY_TEXT } from '../support/hostile-requests';

// The chat commands take text typed by anyone in a workspace. Whatever is typed (command words in
// any order, hostile arguments, injection, control characters, lone surrogates), runChatCommand
// answers with a short line and never throws, what it records is exactly what was typed, and every
// incident's timeline chain still verifies: on SQLite and on PostgreSQL.

const WORDS = ['/incident', '/oncall', 'declare', 'ack', 'resolve', 'note', 'sev', 'assign', 'escalate', 'status', 'timeline', 'list', 'help', 'cover', 'override', 'rotation', 'create', 'add', 'remove', 'move', 'next', 'schedule', 'primary', 'INC-1', 'INC-2', 'INC-999999999999', '#1', '@alice', '<@UALICE>', 'sev1', 'sev0', '2h', 'for', 'until', '2026-01-07T10:00', 'payments'];
const piece = fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...NASTY_TEXT), fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ maxLength: 30 }));
const typed = fc.tuple(fc.constantFrom('/incident', '/oncall', 'incident', ''), fc.array(piece, { maxLength: 7 })).map(([root, words]) => [root, ...words].join(' '));

describe.each(dialects)('chat commands on hostile text ($name)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(dialect);
    await h.run('/incident declare "First one" sev2 payments');
    await h.run('/incident declare Second sev3');
  });
  afterAll(() => h?.cleanup());

  it('answers every command with a short line, never throws, never leaks a stack', async () => {
    await fc.assert(
      fc.asyncProperty(typed, fc.constantFrom('alice', 'bob', 'nobody', '<!channel>', "'; DROP TABLE people; --"), async (text, actor) => {
        const reply = await h.run(text, actor);
        expect(typeof reply.text).toBe('string');
        expect(reply.text.length).toBeLessThan(4_000 + text.length * 2);
        expect(reply.text).not.toMatch(/\n\s+at |node_modules|Error:|SQLITE_|syntax error/);
      }),
      { numRuns: dialect.name === 'sqlite' ? 300 : 120 },
    );
  });

  it('declares incidents with any title: NUL, which PostgreSQL text cannot hold, is kept as U+FFFD there', async () => {
    const reply = await h.run('/incident declare "disk\u0000full <!channel>" sev2');
    expect(reply.ok, reply.text).toBe(true);
    const declared = await h.incident(Number(/INC-(\d+)/.exec(reply.text)![1]));
    expect(declared.title).toBe(dialect.name === 'postgres' ? 'disk\ufffdfull <!channel>' : 'disk\u0000full <!channel>');
  });

  it('records hostile notes exactly as typed, and every timeline chain verifies', async () => {
    for (const text of NASTY_TEXT) {
      const reply = await h.run(`/incident note INC-1 ${text}`);
      expect(reply.ok, reply.text).toBe(true);
    }
    const entries = await h.timeline(1);
    const notes = entries.filter((e) => e.kind === 'command' && e.text.startsWith('/incident note INC-1 ')).map((e) => e.text.slice('/incident note INC-1 '.length));
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
    // Verbatim, but for what not every database can hold as text: NUL and lone surrogates become U+FFFD.
    const expected = NASTY_TEXT.map((t) => t.trim().replace(loneSurrogate, '\ufffd').replaceAll('\u0000', '\ufffd'));
    expect(notes.map((n) => n.trim())).toEqual(expect.arrayContaining(expected));
    const all = await h.db.kysely.selectFrom('incidents').select('id').execute();
    for (const { id } of all) expect(verifyChain(await h.store.read.timeline.list(Number(id)))).toMatchObject({ ok: true });
    const tables = await h.db.kysely.selectFrom('people').select('id').execute();
    expect(tables.length).toBeGreaterThan(0);
  });
});
