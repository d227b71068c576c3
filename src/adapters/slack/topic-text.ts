import type { IncidentView } from '../../app/chat-notices';
import { clipText } from '../shared/clip-text';
import { SLACK_LIMITS } from './block-limits';
import { SEVERITY_EMOJI, statusWord, whoPlain, type Who } from './mrkdwn';

/**
 * `🔴 sev1 · Acknowledged · On it: Dana Okafor · INC-7: Disk full`. Who is on it: the lead if one
 * was assigned, else whoever acknowledged, else the people paged. Topics are plain text to Slack
 * ("does not support formatting"), so escaping would show as `&lt;`; a title's `<!channel>` or `<@U…>`
 * is still defused (‹) in case the topic-change message Slack posts ever parses it.
 */
export function renderTopic(incident: IncidentView, onIt: readonly Who[]): string {
  const who = onIt.length ? onIt.map(whoPlain).join(', ') : 'nobody yet';
  const head = `${SEVERITY_EMOJI[incident.severity] ?? '⚪'} ${incident.severity} · ${statusWord(incident.status)} · On it: ${who}`;
  return clipText(`${head} · ${incident.ref}: ${incident.title}`.replace(/<([!@#])/g, '‹$1'), SLACK_LIMITS.topic);
}
