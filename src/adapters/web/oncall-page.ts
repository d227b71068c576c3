import type { OnCallJson } from '../../app/oncall-query';
import type { RotationRecord } from '../../app/ports/catalog';
import type { RotationCalendar } from '../../app/web/oncall-pages';
import type { CalendarDay, DaySegment } from '../../domain/oncall/calendar-weeks';
import { DateTime } from 'luxon';
import { clockChanges } from '../../domain/summary/local-time';
import { html, type Html } from '../shared/html';
import { timeOf } from './web-page';

export type Names = ReadonlyMap<string, string>;

export const nameOf = (names: Names, id: string): string => names.get(id) ?? id;
const rotationPath = (id: string) => `/rotations/${encodeURIComponent(id)}`;
const WEEKDAY_NAMES = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' } as const;

/** `/oncall`: a row per rotation: who now, until when, who next. */
export function oncallPage(board: readonly { readonly rotation: RotationRecord; readonly now: OnCallJson }[], names: Names, zone: string): Html {
  if (board.length === 0) return html`<h1>On call</h1><p>No rotations yet: add them to the policy file, or make one with <code>/oncall rotation create</code>.</p>`;
  const rows = board.map(({ rotation, now }) => {
    const cur = now.current;
    const next = now.next;
    return html`<tr><th scope="row"><a href="${rotationPath(rotation.id)}">${rotation.name ?? rotation.id}</a></th><td>${cur ? nameOf(names, cur.person) : html`<span class="muted">nobody</span>`}${cur?.override ? html` <span class="chip">override</span>` : ''}</td><td>${cur ? timeOf(cur.end, zone) : '—'}</td><td>${next ? nameOf(names, next.person) : '—'}</td><td class="wide">${next ? timeOf(next.start, zone) : '—'}</td></tr>`;
  });
  return html`<h1>On call</h1><p class="muted">Times in ${zone}; hover for UTC.</p><div class="table-wrap"><table><thead><tr><th scope="col">Rotation</th><th scope="col">On call now</th><th scope="col">Until</th><th scope="col">Next</th><th scope="col" class="wide">From</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function segment(s: DaySegment, names: Names, zone: string): Html {
  const from = s.handoffIn ? html`<span class="handoff">${timeOf(s.start, zone, 'clock')}</span> ` : '';
  const until = s.handoffOut ? html` <span class="muted">until ${timeOf(s.end, zone, 'clock')}</span>` : '';
  return html`<span class="seg${s.override ? ' override' : ''}">${from}${nameOf(names, s.personId)}${s.override ? ' (override)' : ''}${until}</span>`;
}

function day(d: CalendarDay, names: Names, zone: string, today: string): Html {
  const label = DateTime.fromISO(d.date, { zone }).setLocale('en-GB').toFormat('ccc d LLL');
  const body = d.segments.length ? d.segments.map((s) => segment(s, names, zone)) : html`<span class="muted">nobody</span>`;
  // A day of 23 or 25 hours: say so, so nobody counts the night's hours wrong.
  const changes = clockChanges(zone, d.start, d.end).map((c) => html`<span class="muted">Clocks change at ${timeOf(c.at, zone, 'clock')}: ${c.from} → ${c.to}</span>`);
  return html`<div class="day${d.date === today ? ' today' : ''}"><h3>${label}${d.date === today ? ' (today)' : ''}</h3>${body}${changes}</div>`;
}

/** `/rotations/<id>`: the week grid in the viewer's zone, the rotation's own rule, and its iCal feed. */
export function rotationPage(cal: RotationCalendar, names: Names, zone: string, now: Date): Html {
  const r = cal.rotation;
  const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
  const period = r.period.kind === 'days' ? `every ${r.period.days} days` : r.period.kind;
  const rule = `${period}, handing off ${r.handoff.weekday ? `on ${WEEKDAY_NAMES[r.handoff.weekday]} ` : ''}at ${r.handoff.time} ${r.timezone}`;
  const members = r.members.map((m, i) => html`${i ? ', ' : ''}${nameOf(names, m)}`);
  const ical = cal.icalUrl ? html`<p>Subscribe in a calendar app: <a href="${cal.icalUrl}">iCal feed</a></p>` : html`<p class="muted">No iCal feed for this rotation yet (run <code>tocsin apply</code>).</p>`;
  const weeks = cal.weeks.map((w) => {
    const first = w.days[0]!;
    return html`<h2>Week of ${DateTime.fromISO(first.date, { zone }).setLocale('en-GB').toFormat('d LLL yyyy')}</h2><div class="week">${w.days.map((d) => day(d, names, zone, today))}</div>`;
  });
  return html`<h1>${r.name ?? r.id}</h1><p>${rule}. Members in order: ${members.length ? members : 'none'}.</p>${ical}<p class="muted">Times in ${zone}: a time shown at the start of a day is a handoff. Hover for UTC.</p>${weeks}`;
}
