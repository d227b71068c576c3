import type { IncidentView } from '../../app/chat-notices';
import { incidentUrl } from '../../app/public-urls';
import type { AnnouncementFacts } from './announcement-blocks';
import type { Who } from './mrkdwn';
import { whoById } from './slack-people';
import { zoneOf, type AnnouncementState, type SlackDeliveryDeps } from './slack-delivery';

/** The facts an announcement renders from: the notice's incident plus what was kept at opening. */
export async function announcementFacts(d: SlackDeliveryDeps, incident: IncidentView, state: AnnouncementState): Promise<AnnouncementFacts> {
  const who = (id: string | null) => (id ? whoById(d, id) : Promise.resolve(undefined));
  const pageUrl = incidentUrl(d.publicUrl, incident);
  const [acknowledgedBy, resolvedBy, assignee] = await Promise.all([who(incident.acknowledgedBy), who(incident.resolvedBy), who(incident.assignee)]);
  return {
    incident,
    oncall: state.oncall,
    links: state.links,
    zone: await zoneOf(d),
    ...(pageUrl ? { pageUrl } : {}),
    ...(acknowledgedBy ? { acknowledgedBy } : {}),
    ...(resolvedBy ? { resolvedBy } : {}),
    ...(assignee ? { assignee } : {}),
  };
}

/** Who is on it, for the topic: the lead, else whoever acknowledged, else the people paged. */
export function onIt(f: AnnouncementFacts): readonly Who[] {
  if (f.assignee) return [f.assignee];
  if (f.acknowledgedBy) return [f.acknowledgedBy];
  return f.oncall;
}
