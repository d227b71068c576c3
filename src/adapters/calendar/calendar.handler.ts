import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Catalog } from '../../app/ports/catalog';
import type { Clock } from '../../app/ports/clock';
import { wholeShiftsOverlapping } from '../../domain/summary/whole-shifts';
import { sendJson } from '../shared/send-json';

/** `GET /calendar/<rotation>.ics`: the path the router sends here. */
export const CALENDAR_PATH = /^\/calendar\/[^/]+\.ics$/;

/** The feed shows the shift running a week ago onwards, and this many weeks ahead. */
export const FEED_WEEKS = 12;
const DAY_MS = 86_400_000;
/** Overrides may start long before the span they cover. */
const OVERRIDE_LOOKBEHIND_MS = 400 * DAY_MS;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Constant time for any token, right or wrong, long or short: both sides are hashed to 32 bytes
 * first, so neither the comparison nor a length check leaks how much of a guess was right.
 */
export function tokenMatches(given: string, expected: string | undefined): boolean {
  const ok = timingSafeEqual(digest(given), digest(expected ?? ''));
  return ok && expected !== undefined && expected !== '';
}

function refuse(res: ServerResponse, status: 401 | 404): void {
  // Unknown rotation and wrong token answer alike, so the endpoint does not tell which rotations exist.
  if (status === 401) sendJson(res, 401, { error: 'unauthorized', message: 'a calendar feed needs its ?token=' });
  else sendJson(res, 404, { error: 'not_found', message: 'no such calendar, or a wrong token' });
}

/**
 * Serves a rotation's shifts (overrides applied) as iCal, for calendar apps to subscribe to.
 * Each rotation has its own secret token (made by `tocsin apply` and `/oncall rotation create`).
 */
export function calendarHandler(deps: { readonly catalog: Catalog; readonly clock: Clock }) {
  return async (_req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const token = url.searchParams.get('token');
    if (!token) return refuse(res, 401);
    let id: string;
    try {
      id = decodeURIComponent(url.pathname.slice('/calendar/'.length, -'.ics'.length));
    } catch {
      return refuse(res, 404);
    }
    const rotation = await deps.catalog.rotation(id);
    if (!tokenMatches(token, rotation?.calendarToken) || !rotation) return refuse(res, 404);

    const now = deps.clock.now();
    const from = new Date(now.getTime() - 7 * DAY_MS);
    const to = new Date(now.getTime() + FEED_WEEKS * 7 * DAY_MS);
    const overrides = await deps.catalog.overrides(rotation.id, new Date(from.getTime() - OVERRIDE_LOOKBEHIND_MS), new Date(to.getTime() + 62 * DAY_MS));
    const shifts = wholeShiftsOverlapping(rotation, overrides, from, to);
    const names = new Map<string, string>();
    for (const personId of new Set(shifts.map((s) => s.personId))) {
      const person = await deps.catalog.person(personId);
      if (person?.name) names.set(personId, person.name);
    }
    // ical-generator is loaded by the first feed asked for: an idle server never pays for it.
    const { icsFeed } = await import('./ics-feed');
    const body = icsFeed({ rotation, shifts, names, now });
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `inline; filename="${rotation.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.ics"`);
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  };
}
