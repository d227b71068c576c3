import type { IncidentFile } from '../../app/web/incident-pages';
import type { Viewer } from '../../app/web/web-viewer';
import { SEVERITIES } from '../../domain/incident/severity';
import type { Actor, TimelineEntry } from '../../domain/timeline/timeline-entry';
import type { StoredAlert } from '../../app/ports/store';
import { html, safeHref, type Html } from '../shared/html';
import { severityChip, statusChip } from './incidents-page';
import { csrfField, timeOf } from './web-page';

const actorText = (a: Actor): string => (a.kind === 'person' ? `@${a.id}` : a.kind === 'tocsin' ? 'Tocsin' : a.id);

function actions(f: IncidentFile, viewer: Viewer, csrf: string): Html {
  const { incident, ref } = f;
  if (incident.status === 'resolved') return html``;
  if (!viewer.respond.allowed) return html`<p class="notice">You may read this incident but not act on it: ${viewer.respond.reason}.</p>`;
  const to = (verb: string) => `/incidents/${ref}/${verb}`;
  const ack = incident.status === 'triggered' ? html`<form method="post" action="${to('ack')}">${csrfField(csrf)}<button type="submit">Acknowledge</button></form>` : html``;
  return html`<section aria-labelledby="act"><h2 id="act">Act</h2><div class="actions">${ack}
<form method="post" action="${to('resolve')}">${csrfField(csrf)}<label for="summary">Resolution (optional)<br><input id="summary" name="summary" maxlength="2000"></label><button type="submit">Resolve</button></form>
<form method="post" action="${to('sev')}">${csrfField(csrf)}<label for="severity">Severity<br><select id="severity" name="severity">${SEVERITIES.map((s) => html`<option value="${s}"${s === incident.severity ? html` selected` : ''}>${s}</option>`)}</select></label><button type="submit" class="secondary">Change severity</button></form>
<form method="post" action="${to('note')}">${csrfField(csrf)}<label for="note">Note<br><textarea id="note" name="text" rows="2" cols="30" required maxlength="4000"></textarea></label><button type="submit" class="secondary">Add note</button></form>
</div></section>`;
}

function alertLinks(a: StoredAlert): Html {
  return html`${a.links.map((l) => {
    const href = safeHref(l.url);
    // A link the source sent that is not http(s) stays text: it never becomes something to click.
    return href ? html` <a href="${href}" rel="noopener noreferrer">${l.title || href}</a>` : html` <span>${l.title} (${l.url})</span>`;
  })}`;
}

function alerts(list: readonly StoredAlert[], zone: string): Html {
  if (list.length === 0) return html`<p class="muted">No alerts: declared by hand.</p>`;
  const rows = list.map(
    (a) =>
      html`<tr><td>${statusChip(a.status === 'firing' ? 'triggered' : 'resolved')} ${a.status}</td><td>${a.title}${alertLinks(a)}</td><td class="wide">${Object.entries(a.labels).map(([k, v]) => html`<span class="chip">${k}=${v}</span> `)}</td><td class="wide">${timeOf(a.lastSeenAt, zone)}${a.repeatCount > 0 ? html` <span class="muted">(${a.repeatCount} repeats)</span>` : ''}</td></tr>`,
  );
  return html`<div class="table-wrap"><table><thead><tr><th scope="col">Status</th><th scope="col">Alert</th><th scope="col" class="wide">Labels</th><th scope="col" class="wide">Last seen</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function timeline(entries: readonly TimelineEntry[], f: IncidentFile, zone: string): Html {
  const mark = f.chain.ok
    ? html`<p class="verified">✓ Chain verified: ${f.chain.entries} entries, every hash link holds.</p>`
    : html`<p class="broken" role="alert">✗ Chain BROKEN at entry ${f.chain.seq}: ${f.chain.reason}</p>`;
  const items = entries.map((e) => html`<li><div class="muted">${timeOf(e.at, zone)} · ${actorText(e.actor)} · <span class="kind">${e.kind}</span></div><div>${e.text}</div></li>`);
  return html`${mark}<ol class="timeline">${items}</ol>`;
}

/** `/incidents/INC-n`: the header, what the viewer may do, the alerts and the whole timeline. */
export function incidentPage(f: IncidentFile, viewer: Viewer, csrf: string): Html {
  const i = f.incident;
  const zone = viewer.zone;
  const facts = [
    html`${statusChip(i.status)} ${severityChip(i.severity)}`,
    i.serviceId ? html`service ${i.serviceId}` : undefined,
    html`opened ${timeOf(i.createdAt, zone)}`,
    i.acknowledgedAt ? html`acknowledged by ${i.acknowledgedBy ?? '—'} ${timeOf(i.acknowledgedAt, zone)}` : undefined,
    i.resolvedAt ? html`resolved by ${i.resolvedBy ?? '—'} ${timeOf(i.resolvedAt, zone)}` : undefined,
    i.assignee ? html`lead @${i.assignee}` : undefined,
  ].filter((x) => x !== undefined);
  return html`<h1>${f.ref}: ${i.title}</h1><p>${facts.map((x, n) => html`${n ? ' · ' : ''}${x}`)}</p>
${actions(f, viewer, csrf)}
<section aria-labelledby="alerts"><h2 id="alerts">Alerts (${f.alerts.length})</h2>${alerts(f.alerts, zone)}</section>
<section aria-labelledby="timeline"><h2 id="timeline">Timeline</h2><p class="muted">Times in ${zone}; hover for UTC. Export: <a href="/incidents/${f.ref}/export.md">Markdown</a> · <a href="/incidents/${f.ref}/export.json">JSON</a></p>${timeline(f.timeline, f, zone)}</section>`;
}
