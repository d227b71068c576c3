import type { StormService } from '../../app/storm/storm-notices';
import { digestLine, summarizeDigest, type DigestIncident } from '../../domain/storm/storm-mode';
import { fitMessage } from './block-limits';
import { channelActionId } from './incident-actions';
import { escapeText, mrkdwnText, type SlackMessage } from './mrkdwn';

/** Buttons on one digest: Slack takes 25 elements in an actions block. */
const MAX_BUTTONS = 20;

/**
 * A storm minute's digest: the line (count, span, top alert titles, escaped) and an "Open channel"
 * button per incident, for the first MAX_BUTTONS; the others by `/incident channel INC-n`.
 */
export function renderStormDigest(service: StormService, incidents: readonly DigestIncident[]): SlackMessage {
  const d = summarizeDigest(incidents);
  const line = `🌪️ ${digestLine(service.name, d, escapeText)}`;
  const shown = [...incidents].sort((a, b) => a.number - b.number).slice(0, MAX_BUTTONS);
  const more = d.count - shown.length;
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: mrkdwnText(line) },
    {
      type: 'actions',
      block_id: `storm-digest:${service.id}`,
      elements: shown.map((i) => ({ type: 'button', action_id: channelActionId(i.number), value: `INC-${i.number}`, text: { type: 'plain_text', text: `Open channel INC-${i.number}` } })),
    },
    { type: 'context', elements: [mrkdwnText(`${more > 0 ? `…and ${more} more. ` : ''}Acknowledging an incident, or \`/incident channel INC-n\`, opens its channel.`)] },
  ];
  return fitMessage({ text: line, blocks });
}
