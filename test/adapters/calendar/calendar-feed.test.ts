import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import ical, { type VEvent } from 'node-ical';
import { calendarHandler, CALENDAR_PATH, tokenMatches } from '../../../src/adapters/calendar/calendar.handler';
import { Router } from '../../../src/adapters/http/router';
import { createHttpServer, type HttpServer } from '../../../src/adapters/http/server';
import { onCallFor, scheduleFor } from '../../../src/app/oncall-query';
import { runCli } from '../../../src/main/cli';
import { dialects } from '../../support/dialects';
import { openEngine, type EngineHarness } from '../../support/engine-harness';

/** Friday 20 March 2026: the feed's twelve weeks cross Berlin's spring-forward (29 March). */
const NOW = '2026-03-20T12:00:00.000Z';
const DAY = 86_400_000;

async function get(port: number, path: string): Promise<{ status: number; type: string | undefined; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? undefined, body: await res.text() };
}

describe.each(dialects)('calendar feed on $name', (dialect) => {
  let h: EngineHarness | undefined;
  let http: HttpServer | undefined;
  afterEach(async () => {
    await http?.close();
    await h?.cleanup();
    http = undefined;
    h = undefined;
  });

  async function serve(): Promise<{ port: number; token: string }> {
    h = await openEngine(dialect, undefined, NOW);
    await h.store.transaction((tx) => tx.policy.upsertOverride({ id: 'o1', rotationId: 'primary', personId: 'carol', start: '2026-04-01T16:00:00.000Z', end: '2026-04-02T06:00:00.000Z', source: 'chat' }));
    const router = new Router().on('GET', CALENDAR_PATH, calendarHandler({ catalog: h.store.read.catalog, clock: h.clock }));
    http = createHttpServer(router, pino({ level: 'silent' }));
    const { port } = await http.listen(0, '127.0.0.1');
    const token = (await h.store.read.catalog.rotation('primary'))!.calendarToken!;
    return { port, token };
  }

  it('parses with node-ical to the same shifts as `tocsin oncall` and the schedule, across the clock change, overrides included', async () => {
    const { port, token } = await serve();
    const res = await get(port, `/calendar/primary.ics?token=${encodeURIComponent(token)}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/calendar; charset=utf-8');
    expect(res.body).toContain('X-WR-TIMEZONE:Europe/Berlin');
    // The shift across the change: Monday 09:00 CET (08:00Z) to Monday 09:00 CEST (07:00Z), 167 hours.
    expect(res.body).toContain('DTSTART:20260323T080000Z');
    expect(res.body).toContain('DTEND:20260330T070000Z');

    const events = Object.values(ical.sync.parseICS(res.body))
      .filter((c): c is VEvent => c.type === 'VEVENT')
      .map((e) => ({ person: String(e.uid).split('/')[2]!.replace('@tocsin', ''), start: new Date(e.start).toISOString(), end: new Date(e.end).toISOString(), summary: String(e.summary) }))
      .sort((a, b) => a.start.localeCompare(b.start));
    expect(events.length).toBeGreaterThan(12);
    expect(events.find((e) => e.person === 'carol')).toEqual({ person: 'carol', start: '2026-04-01T16:00:00.000Z', end: '2026-04-02T06:00:00.000Z', summary: 'On call: Carol (override)' });
    expect(events.find((e) => e.start === '2026-03-23T08:00:00.000Z')).toMatchObject({ person: 'bob', end: '2026-03-30T07:00:00.000Z', summary: 'On call: Bob' });

    // Each event is what `tocsin oncall primary --at <its start> --json` says: the person and the whole span.
    const catalog = h!.store.read.catalog;
    const rotation = (await catalog.rotation('primary'))!;
    for (const e of events) {
      const who = await onCallFor(catalog, rotation, new Date(e.start));
      expect({ person: who.current?.person, start: who.current?.start, end: who.current?.end }).toEqual({ person: e.person, start: e.start, end: e.end });
    }
    // And together, cut to the feed's window, they are the schedule `/oncall schedule` shows.
    const from = new Date(Date.parse(NOW) - 7 * DAY);
    const to = new Date(Date.parse(NOW) + 84 * DAY);
    const clipped = events.map((e) => ({ person: e.person, start: e.start < from.toISOString() ? from.toISOString() : e.start, end: e.end > to.toISOString() ? to.toISOString() : e.end }));
    expect(clipped).toEqual((await scheduleFor(catalog, rotation, from, to)).map((s) => ({ person: s.person, start: s.start, end: s.end })));
  });

  it('agrees with the `tocsin oncall --json` command line on the shift after the clock change', async () => {
    const { port, token } = await serve();
    const events = Object.values(ical.sync.parseICS((await get(port, `/calendar/primary.ics?token=${token}`)).body)).filter((c): c is VEvent => c.type === 'VEVENT');
    const after = events.find((e) => new Date(e.start).toISOString() === '2026-03-30T07:00:00.000Z')!;
    const out: string[] = [];
    const code = await runCli(['oncall', 'primary', '--at', '2026-03-31T12:00:00Z', '--json'], { out: (t) => out.push(t), err: (t) => out.push(t), env: { DATABASE_URL: h!.databaseUrl }, readFile: () => undefined });
    expect(code).toBe(0);
    const cli = JSON.parse(out.join('\n'));
    expect({ person: cli.current.person, start: cli.current.start, end: cli.current.end }).toEqual({ person: String(after.uid).split('/')[2]!.replace('@tocsin', ''), start: '2026-03-30T07:00:00.000Z', end: new Date(after.end).toISOString() });
  });

  it('refuses a missing token (401), and a wrong token or an unknown rotation alike (404)', async () => {
    const { port, token } = await serve();
    expect((await get(port, '/calendar/primary.ics')).status).toBe(401);
    const wrong = await get(port, `/calendar/primary.ics?token=${token}x`);
    const unknown = await get(port, `/calendar/nope.ics?token=${token}`);
    expect([wrong.status, unknown.status]).toEqual([404, 404]);
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.body).not.toContain('primary');
    // Another rotation's token does not open this one.
    const other = (await h!.store.read.catalog.rotation('later'))!.calendarToken!;
    expect((await get(port, `/calendar/primary.ics?token=${other}`)).status).toBe(404);
  });
});

describe('tokenMatches', () => {
  it('matches only the exact token, and never an absent one', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('ab', 'abc')).toBe(false);
    expect(tokenMatches('', undefined)).toBe(false);
    expect(tokenMatches('', '')).toBe(false);
  });
});
