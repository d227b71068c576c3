import type { ServerResponse } from 'node:http';
import { showIncident } from '../../app/incident-queries';
import { incidentFile, incidentList } from '../../app/web/incident-pages';
import { actOnIncident, type WebAction } from '../../app/web/web-incident-actions';
import { incidentRef, parseIncidentRef } from '../../domain/incident/incident';
import { parseSeverity } from '../../domain/incident/severity';
import { timelineMarkdown } from '../../domain/timeline/timeline-markdown';
import { flashCookie, refusePage, signedInForm, signedInPage, type Notice, type SignedIn } from './web-auth';
import type { WebDeps } from './web-deps';
import { incidentPage } from './incident-page';
import { incidentsPage, STATUS_FILTERS, type ListQuery, type StatusFilter } from './incidents-page';
import { redirect, renderPage, sendHtml, CONTENT_SECURITY_POLICY } from './web-page';

export const INCIDENT_PATH = /^\/incidents\/INC-\d{1,9}$/;
export const INCIDENT_ACTION_PATH = /^\/incidents\/INC-\d{1,9}\/(ack|resolve|note|sev)$/;
export const INCIDENT_EXPORT_PATH = /^\/incidents\/INC-\d{1,9}\/export\.(md|json)$/;

const numberOf = (url: URL): number => parseIncidentRef(url.pathname.split('/')[2]!)!;

/** `GET /incidents?status=&service=&page=`: unknown filter values are ignored, not errors. */
export function incidentsHandler(deps: WebDeps) {
  return signedInPage(deps, async (_req, res, url, who) => {
    const status = url.searchParams.get('status') as StatusFilter | null;
    const service = url.searchParams.get('service') || undefined;
    const q: ListQuery = { ...(status && STATUS_FILTERS.includes(status) ? { status } : {}), ...(service ? { service } : {}) };
    const list = await incidentList(deps.store, { ...(q.status ? { status: q.status } : {}), ...(q.service ? { serviceId: q.service } : {}) }, Number(url.searchParams.get('page')) || 1);
    sendHtml(res, 200, renderPage({ title: 'Incidents', chrome: who.chrome, ...(who.notice ? { notice: who.notice } : {}), body: incidentsPage(list, q, who.viewer.zone, deps.clock.now()) }));
  });
}

async function showFile(deps: WebDeps, res: ServerResponse, who: SignedIn, number: number, status = 200, notice = who.notice): Promise<void> {
  const file = await incidentFile(deps.store, number);
  if (!file) return refusePage(res, 404, 'Not found', `There is no ${incidentRef(number)}.`, who.chrome);
  sendHtml(res, status, renderPage({ title: `${file.ref}: ${file.incident.title}`, chrome: who.chrome, ...(notice ? { notice } : {}), body: incidentPage(file, who.viewer, who.csrf) }));
}

export function incidentHandler(deps: WebDeps) {
  return signedInPage(deps, (_req, res, url, who) => showFile(deps, res, who, numberOf(url)));
}

/** The form's fields as an action, or what is wrong with them. */
function actionOf(verb: string, form: Readonly<Record<string, string>>): WebAction | string {
  switch (verb) {
    case 'ack':
      return { kind: 'ack' };
    case 'resolve': {
      const summary = form.summary?.trim();
      return summary ? { kind: 'resolve', summary } : { kind: 'resolve' };
    }
    case 'note': {
      const text = form.text?.trim();
      return text ? { kind: 'note', text } : 'A note needs some text.';
    }
    default: {
      const severity = parseSeverity(form.severity ?? '');
      return severity ? { kind: 'sev', severity } : 'Pick a severity from sev1 to sev4.';
    }
  }
}

/**
 * `POST /incidents/INC-n/<ack|resolve|note|sev>`: done, the browser goes back to the incident's
 * page with a line saying so; refused, the page is shown with the reason and the refusal's status.
 */
export function incidentActionHandler(deps: WebDeps) {
  return signedInForm(deps, async (_req, res, url, who, form) => {
    const number = numberOf(url);
    const action = actionOf(url.pathname.split('/')[3]!, form);
    if (typeof action === 'string') return showFile(deps, res, who, number, 400, { text: action, error: true });
    const r = await actOnIncident(deps, who.viewer.id, number, action);
    if (!r.ok) return showFile(deps, res, who, number, r.status, { text: r.text, error: true });
    const done: Notice = { text: r.text };
    redirect(res, `/incidents/${incidentRef(number)}`, { 'set-cookie': flashCookie(deps, done) });
  });
}

/** `GET /incidents/INC-n/export.md|json`: the same documents as `tocsin incident export`. */
export function incidentExportHandler(deps: WebDeps) {
  return signedInPage(deps, async (_req, res, url, who) => {
    const number = numberOf(url);
    const ref = incidentRef(number);
    const shown = await showIncident(deps.store, ref);
    const found = await deps.store.read.incidents.byNumber(number);
    if (!shown.ok || !found) return refusePage(res, 404, 'Not found', `There is no ${ref}.`, who.chrome);
    const md = url.pathname.endsWith('.md');
    const body = md ? timelineMarkdown(shown.value, await deps.store.read.timeline.list(found.id)) : JSON.stringify(shown.value, null, 2);
    res.writeHead(200, {
      'content-type': md ? 'text/markdown; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `inline; filename="${ref}.${md ? 'md' : 'json'}"`,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(body);
  });
}
