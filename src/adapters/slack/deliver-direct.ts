import type { DeliveryResult } from '../../app/ports/outbox';
import type { Person } from '../../app/ports/catalog';
import { escapeText, linkMentions, whoText, type Who } from './mrkdwn';
import { payloadOf, type ChannelPostNotice, type PageNotice, type PersonNotice } from './notice-payloads';
import { slackLink, type Delivery } from './slack-delivery';
import { postOnce } from './post-once';
import { mentionTable, whoOf } from './slack-people';

/**
 * A direct message to one person (conversations.open, then a post). History of a DM is not read
 * (it would need one more scope), so a crash right after the post may send it twice: a duplicate
 * page is far better than a lost one.
 */
async function directMessage(d: Delivery, who: Who, text: string): Promise<boolean> {
  if (!who.slackId) {
    d.log.warn({ outboxId: d.row.id, person: who.id }, 'no Slack id for this person: direct message not sent');
    return false;
  }
  const r = await d.api.call('conversations.open', { users: who.slackId });
  const im = (r.channel as { id: string }).id;
  await postOnce(d, `dm:${who.id}`, im, { text }, { lookup: false });
  return true;
}

/** `incident.page`: the people paged are mentioned in the incident channel and sent a direct message. */
export async function deliverPage(d: Delivery): Promise<DeliveryResult> {
  const notice = payloadOf<PageNotice>(d.row);
  const i = notice.incident;
  const people: Person[] = [...(notice.people ?? []), ...(notice.person ? [notice.person] : [])];
  const who = await Promise.all(people.map((p) => whoOf(d, p)));
  const link = await slackLink(d, i.id);
  const channel = link?.channelId ?? notice.target.announceChannel;
  // The engine's own line (`Paging @dana for INC-7 …`) with the paged people's mentions made real
  // (and nobody else's: the title is in it too); a default otherwise.
  const found = new Map(who.flatMap((w) => (w.slackId ? [[w.id, w.slackId] as const] : [])));
  const said = notice.text
    ? linkMentions(escapeText(notice.text), (id) => found.get(id))
    : `Paging ${who.map(whoText).join(', ') || 'nobody'} for ${i.ref} [${i.severity}] ${escapeText(i.title)}${notice.step !== undefined ? ` (step ${notice.step + 1})` : ''}`;
  if (channel) await postOnce(d, 'page', channel, { text: `📟 ${said}` });
  const where = link ? ` in <#${link.channelId}>` : '';
  let sent = 0;
  for (const w of who) if (await directMessage(d, w, `📟 You are paged for ${i.ref} [${i.severity}] ${escapeText(i.title)}${where}. Acknowledge with \`/incident ack ${i.ref}\`.`)) sent++;
  return { kind: 'delivered', result: { ...(channel ? { channel } : {}), directMessages: sent } };
}

/** `person.notice` (handoffs): a direct message. */
export async function deliverPersonNotice(d: Delivery): Promise<DeliveryResult> {
  const notice = payloadOf<PersonNotice>(d.row);
  const sent = await directMessage(d, await whoOf(d, notice.person), linkMentions(escapeText(notice.text), await mentionTable(d, notice.mentions)));
  return sent ? { kind: 'delivered', result: { person: notice.person.id } } : { kind: 'failed', error: `no Slack id for ${notice.person.id}` };
}

/** `channel.post` (on-call summaries): a message in a named channel. */
export async function deliverChannelPost(d: Delivery): Promise<DeliveryResult> {
  const notice = payloadOf<ChannelPostNotice>(d.row);
  const channel = typeof notice.channel === 'string' ? notice.channel : notice.channel.id;
  const text = linkMentions(escapeText(notice.text), await mentionTable(d, notice.mentions));
  const post = await postOnce(d, 'post', channel, { text, ...(notice.blocks ? { blocks: notice.blocks } : {}) });
  return { kind: 'delivered', result: { ...post } };
}
