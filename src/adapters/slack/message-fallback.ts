import { fitMessage, plainMessage } from './block-limits';
import type { SlackMessage } from './mrkdwn';
import type { SlackResult } from './slack-api';
import type { Delivery } from './slack-delivery';
import { slackErrorCode } from './slack-errors';

/** Answers about the message as built (its blocks, its size), not about the channel or the token. */
const REFUSED_AS_BUILT = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'msg_blocks_too_long', 'invalid_attachments', 'too_many_attachments']);

/**
 * chat.postMessage / chat.update with `message` fitted to Slack's limits and Slack's own parsing
 * off (`parse: none`, no `link_names`: only the `<@U…>` Tocsin writes mentions anyone). Should
 * Slack still refuse the message as built, it goes again as plain text: an announcement without
 * its buttons beats "failed for good" and no announcement at all. The refusal posted nothing, so
 * sending again cannot double the post.
 */
export async function sendMessage(d: Delivery, method: 'chat.postMessage' | 'chat.update', args: Record<string, unknown>, message: SlackMessage): Promise<SlackResult> {
  const send = (m: SlackMessage) => d.api.call(method, { parse: 'none', link_names: false, ...args, ...m });
  try {
    return await send(fitMessage(message));
  } catch (e) {
    const code = slackErrorCode(e);
    if (code === undefined || !REFUSED_AS_BUILT.has(code)) throw e;
    d.log.warn({ outboxId: d.row.id, kind: d.row.kind, method, error: code }, 'Slack refused the message as built; sending it as plain text');
    // An update without `blocks` would keep the old ones (and their buttons) under the new text.
    return send({ ...plainMessage(message), ...(method === 'chat.update' ? { blocks: [] } : {}) });
  }
}
