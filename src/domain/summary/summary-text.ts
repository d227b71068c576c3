import { formatDuration } from '../time/duration';
import type { Shift } from '../oncall/shifts';
import type { DurationStats, IncidentStats } from './incident-stats';
import { formatLocal, formatLocalDay } from './local-time';
import type { RotationWeek, WeeklySummary } from './weekly-summary';

/** One titled block of lines: Slack renders a section each, Teams a card container, the CLI plain text. */
export interface SummarySection {
  readonly title: string;
  readonly lines: readonly string[];
}

export interface SummaryPost {
  readonly title: string;
  readonly sections: readonly SummarySection[];
  /** The whole post as text (Slack mrkdwn-compatible): what `tocsin summary post --dry-run` prints. */
  readonly text: string;
  /** The people the text names as `@id` (shifts, overrides, pages): chat mentions them, and nobody else. */
  readonly mentions: readonly string[];
}

const span = (start: Date, end: Date, zone: string) => `${formatLocal(start, zone)} → ${formatLocal(end, zone)}`;
const shiftLine = (s: Shift, zone: string) => `• @${s.personId}${s.overrideId ? ' (override)' : ''}: ${span(s.start, s.end, zone)}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function rotationSection(r: RotationWeek): SummarySection {
  const lines = ['This week:', ...(r.thisWeek.length ? r.thisWeek.map((s) => shiftLine(s, r.timezone)) : ['• nobody on call'])];
  lines.push('Next week:', ...(r.nextWeek.length ? r.nextWeek.map((s) => shiftLine(s, r.timezone)) : ['• no handoff']));
  if (r.overrides.length > 0) {
    lines.push('Overrides:');
    for (const o of r.overrides) lines.push(`• @${o.personId}${o.covers.length ? ` covers ${o.covers.map((p) => `@${p}`).join(', ')}` : ''}: ${span(o.start, o.end, r.timezone)}`);
  }
  for (const c of r.clockChanges) lines.push(`Clocks change ${formatLocal(c.at, r.timezone)} (${c.from} → ${c.to}); handoffs stay at their local time.`);
  if (r.calendarUrl) lines.push(`Calendar feed: ${r.calendarUrl}`);
  return { title: `${r.name} (times in ${r.timezone})`, lines };
}

const durations = (label: string, d: DurationStats | null, what: string) =>
  d ? `${label}: mean ${formatDuration(d.meanMs)}, median ${formatDuration(d.medianMs)} (${plural(d.count, 'incident')} ${what})` : `${label}: none ${what}`;

function statsLines(s: IncidentStats): string[] {
  if (s.total === 0) return ['No incidents. A quiet week.'];
  const lines = [`${plural(s.total, 'incident')}: ${s.bySeverity.map((b) => `${b.count} ${b.severity}`).join(', ')}${s.open ? ` (${s.open} still open)` : ''}`];
  lines.push(durations('Time to acknowledge', s.toAcknowledge, 'acknowledged'), durations('Time to resolve', s.toResolve, 'resolved'));
  if (s.longest) lines.push(`Longest: ${s.longest.ref} ${s.longest.title}, ${formatDuration(s.longest.durationMs)}${s.longest.open ? ' and still open' : ''}`);
  if (s.pages.length === 0) lines.push('Pages: nobody was paged');
  else lines.push(`Pages: ${s.pages.map((p) => `@${p.personId} ${p.count} (${p.outsideHours} outside working hours)`).join(', ')}`);
  return lines;
}

export function renderSummary(w: WeeklySummary): SummaryPost {
  const title = `On-call summary: week of ${formatLocalDay(w.thisWeek.start, w.timezone)} (${w.id})`;
  const sections: SummarySection[] = [
    ...w.rotations.map(rotationSection),
    { title: `Last week (${span(w.lastWeek.start, w.lastWeek.end, w.timezone)})`, lines: statsLines(w.stats) },
    ...(w.oncallUrl ? [{ title: 'In a browser', lines: [`Who is on call now and next, on every rotation: ${w.oncallUrl}`] }] : []),
  ];
  const text = [`*${title}*`, ...sections.map((s) => [`*${s.title}*`, ...s.lines].join('\n'))].join('\n\n');
  const people = [
    ...w.rotations.flatMap((r) => [...r.thisWeek, ...r.nextWeek].map((s) => s.personId).concat(r.overrides.flatMap((o) => [o.personId, ...o.covers]))),
    ...w.stats.pages.map((p) => p.personId),
  ];
  return { title, sections, text, mentions: [...new Set(people)] };
}
