import { ageText } from '../../app/commands/when-text';
import type { IncidentList } from '../../app/web/incident-pages';
import { incidentRef } from '../../domain/incident/incident';
import { html, type Html } from '../shared/html';
import { timeOf } from './web-page';

export const STATUS_FILTERS = ['open', 'triggered', 'acknowledged', 'resolved'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface ListQuery {
  readonly status?: StatusFilter;
  readonly service?: string;
}

export const statusChip = (status: string): Html => html`<span class="chip st-${status}">${status}</span>`;
export const severityChip = (severity: string): Html => html`<span class="chip sev-${severity}">${severity}</span>`;

function option(value: string, label: string, selected: boolean): Html {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}

function query(q: ListQuery, page: number): string {
  const p = new URLSearchParams();
  if (q.status) p.set('status', q.status);
  if (q.service) p.set('service', q.service);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `/incidents?${s}` : '/incidents';
}

/** `/incidents`: filters, one page of rows (open first), and links to the pages around it. */
export function incidentsPage(list: IncidentList, q: ListQuery, zone: string, now: Date): Html {
  const filters = html`<form method="get" action="/incidents" class="filters">
<label>Status<br><select name="status">${option('', 'All', !q.status)}${STATUS_FILTERS.map((s) => option(s, s[0]!.toUpperCase() + s.slice(1), q.status === s))}</select></label>
<label>Service<br><select name="service">${option('', 'All', !q.service)}${list.services.map((s) => option(s.id, s.name ?? s.id, q.service === s.id))}</select></label>
<button type="submit" class="secondary">Filter</button></form>`;
  const rows = list.incidents.map((i) => {
    const ref = incidentRef(i.number);
    return html`<tr><td><a href="/incidents/${ref}">${ref}</a></td><td>${severityChip(i.severity)}</td><td>${statusChip(i.status)}</td><td>${i.title}</td><td class="wide">${i.serviceId ?? '—'}</td><td class="wide">${timeOf(i.createdAt, zone)}</td><td class="wide">${i.acknowledgedBy ?? '—'}</td><td>${ageText(i.createdAt, now)}</td></tr>`;
  });
  const table = list.incidents.length
    ? html`<div class="table-wrap"><table><thead><tr><th scope="col">Incident</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Title</th><th scope="col" class="wide">Service</th><th scope="col" class="wide">Opened</th><th scope="col" class="wide">Acknowledged by</th><th scope="col">Age</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<p>No incidents match.</p>`;
  const pager = html`<nav class="pager" aria-label="Pages">${list.page > 1 ? html`<a href="${query(q, list.page - 1)}" rel="prev">← Newer</a>` : ''}${list.page < list.pages ? html`<a href="${query(q, list.page + 1)}" rel="next">Older →</a>` : ''}</nav>`;
  return html`<h1>Incidents</h1>${filters}<p class="muted">${list.total} incident${list.total === 1 ? '' : 's'} · page ${list.page} of ${list.pages}</p>${table}${pager}`;
}
