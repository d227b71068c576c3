import type { DeliveryResult } from '../../app/ports/outbox';
import { httpFailure } from './delivery-errors';
import { fitActivity, TEAMS_LIMITS } from './card-limits';
import { ADAPTIVE_CARD, incidentCard } from './incident-card';
import { teamsText } from './teams-text';
import type { TeamsNotice } from './teams-notices';
import { NOTICE } from '../../app/outbox/notice-contracts';

/**
 * Notify-only targets: a Teams Workflows (Power Automate) "When a Teams webhook request is
 * received" URL, for teams that cannot register a bot (Office 365 connectors are retired). It
 * receives the same Adaptive Card, without buttons, on every change: a webhook cannot update a
 * card it posted, and nothing would receive a button press. Commands need the bot.
 */
export function workflowBody(notice: TeamsNotice, page: { readonly pageUrl?: string } = {}): Record<string, unknown> {
  const card = incidentCard({ incident: notice.incident, oncall: notice.kind === NOTICE.incidentPage ? notice.paged : notice.oncall, links: notice.links, mode: 'notify-only', ...page });
  const line = notice.kind === NOTICE.incidentOpened ? undefined : notice.kind === NOTICE.incidentResolved && notice.summary ? `Resolved: ${notice.summary}` : notice.text;
  const content = line ? { ...card, body: [{ type: 'TextBlock', text: teamsText(line, TEAMS_LIMITS.line), wrap: true, weight: 'Bolder' }, ...(card.body as unknown[])] } : card;
  return fitActivity({ type: 'message', attachments: [{ contentType: ADAPTIVE_CARD, contentUrl: null, content }] });
}

export async function postToWorkflow(url: string, notice: TeamsNotice, page: { readonly pageUrl?: string } = {}, timeoutMs = 15_000): Promise<DeliveryResult> {
  const what = `Teams workflow webhook for ${notice.incident.ref}`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(workflowBody(notice, page)), signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
  } catch (e) {
    return { kind: 'retry', error: `${what}: ${e instanceof Error ? e.message : String(e)}` };
  }
  return response.ok ? { kind: 'delivered', result: { status: response.status } } : httpFailure(response.status, response.headers.get('retry-after'), what);
}
