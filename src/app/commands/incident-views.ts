import { helpText } from '../../domain/commands/help-text';
import { incidentRef } from '../../domain/incident/incident';
import type { Actor } from '../../domain/timeline/timeline-entry';
import type { IncidentDetails } from '../ports/store';
import { incidentUrl } from '../public-urls';
import { answer, type CommandRun, type Handler } from './command-reply';
import { onIncident } from './incident-target';
import { ageText, whenText } from './when-text';

const TIMELINE_ENTRIES = 10;
const LISTED = 20;

const actorText = (run: CommandRun, a: Actor): string => (a.kind === 'person' ? run.mention(a.id) : a.kind === 'tocsin' ? 'Tocsin' : a.id);

// `acknowledgedBy` holds a person or a source by id alone, so it is shown as typed, without `@`.
const statusText = (i: IncidentDetails): string => (i.status === 'acknowledged' && i.acknowledgedBy ? `acknowledged by ${i.acknowledgedBy}` : i.status);

const status = onIncident<'incident.status'>(async (run, i) => {
  const zone = await run.tx.catalog.defaultTimezone();
  const facts = [
    i.severity,
    statusText(i),
    i.assignee ? `lead ${run.mention(i.assignee)}` : 'no lead',
    i.serviceId ? `service ${i.serviceId}` : undefined,
    `${i.alertCount} alert${i.alertCount === 1 ? '' : 's'}`,
    `opened ${whenText(i.createdAt, zone)} (${ageText(i.createdAt, run.now)})`,
  ];
  const page = incidentUrl(run.paging?.publicUrl, i);
  return { ...answer(`${incidentRef(i.number)} ${i.title}\n${facts.filter(Boolean).join(' · ')}`), ...(page ? { incidentUrl: page } : {}) };
});

const timeline = onIncident<'incident.timeline'>(async (run, i) => {
  const zone = await run.tx.catalog.defaultTimezone();
  const entries = await run.tx.timeline.list(i.id);
  const shown = entries.slice(-TIMELINE_ENTRIES);
  const head = `${incidentRef(i.number)} timeline${entries.length > shown.length ? `, last ${shown.length} of ${entries.length} entries (tocsin incident export ${incidentRef(i.number)} has all)` : ''}:`;
  return answer([head, ...shown.map((e) => `${whenText(e.at, zone)} · ${actorText(run, e.actor)} · ${e.text}`)].join('\n'));
});

const list: Handler<'incident.list'> = async (run) => {
  const zone = await run.tx.catalog.defaultTimezone();
  const open = [...(await run.tx.incidents.list({ status: 'triggered' })), ...(await run.tx.incidents.list({ status: 'acknowledged' }))].sort((a, b) => b.number - a.number);
  if (open.length === 0) return answer('No open incidents.');
  const lines = open.slice(0, LISTED).map((i) => `${incidentRef(i.number)} ${i.severity} ${statusText(i)} · ${i.title} · opened ${whenText(i.createdAt, zone)}`);
  const more = open.length > LISTED ? [`…and ${open.length - LISTED} more (tocsin incident list)`] : [];
  return answer([`${open.length} open incident${open.length === 1 ? '' : 's'}:`, ...lines, ...more].join('\n'));
};

export const INCIDENT_VIEWS = {
  'incident.status': status,
  'incident.timeline': timeline,
  'incident.list': list,
  'incident.help': async () => answer(helpText('incident')),
} as const;
