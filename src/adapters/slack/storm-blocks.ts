import type { StormService } from '../../app/storm/storm-notices';
import { digestLine, summarizeDigest, type DigestIncident } from '../../domain/storm/storm-mode';
import { fitMessage } from './block-limits';
import { channelActionId } from './incident-actions';
import { escapeText, mrkdwnText, type SlackMessage } from './mrkdwn';

/** Buttons on one digest: Slack takes 25 elements in an actions block. */
const MAX_BUTTONS = 20;

/**
 * A storm minute's digest: the line (count, span, top alert titles, escaped), an "Open channel"
 * button per incident still without one, for the first MAX_BUTTONS (the others by
 * `/incident channel INC-n`), and which incidents have had their channel asked for.
 */
export function renderStormDigest(service: StormService, incidents: readonly DigestIncident[]): SlackMessage {
  const d = summarizeDigest(incidents);
  const line = `🌪️ ${digestLine(service.name, d, escapeText)}`;
  const sorted = [...incidents].sort((a, b) => a.number - b.number);
  const waiting = sorted.filter((i) => !i.channelAsked);
  const shown = waiting.slice(0, MAX_BUTTONS);
  const more = waiting.length - shown.length;
  const asked = sorted.filter((i) => i.channelAsked).map((i) => `INC-${i.number}`);
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: mrkdwnText(line) },
    ...(shown.length
      ? [
          {
            type: 'actions',
            block_id: `storm-digest:${service.id}`,
            elements: shown.map((i) => ({ type: 'button', action_id: channelActionId(i.number), value: `INC-${i.number}`, text: { type: 'plain_text', text: `Open channel INC-${i.number}` } })),
          },
        ]
      : []),
    { type: 'context', elements: [mrkdwnText(`${more > 0 ? `…and ${more} more. ` : ''}${asked.length ? `Channels asked for: ${asked.join(', ')}. ` : ''}Acknowledging an incident, or \`/incident channel INC-n\`, opens its channel.`)] },
  ];
  return fitMessage({ text: line, blocks });
}
