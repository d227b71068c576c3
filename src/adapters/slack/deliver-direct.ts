import type { DeliveryResult } from '../../app/ports/outbox';
import type { Person } from '../../app/ports/catalog';
import { incidentUrl } from '../../app/public-urls';
import { escapeText, incidentPageLink, linkMentions, whoText, type Who } from './mrkdwn';
import type { ChannelPostNotice, PageNotice, PersonMessageNotice } from '../../app/outbox/notice-contracts';
import { PLATFORM, slackLink, type Delivery } from './slack-delivery';
import { postOnce } from './post-once';
import { mentionTable, whoOf } from './slack-people';

/**
 * The direct-message conversation with a Slack user: opened once (conversations.open is Tier 3,
 * ~50 a minute, and a storm pages the same person again and again), then remembered.
 */
async function imWith(d: Delivery, slackId: string): Promise<string> {
  const key = `im:${slackId}`;
  const known = await d.refs.get(PLATFORM, key);
  if (known) return known;
  const r = await d.api.call('conversations.open', { users: slackId });
  const im = (r.channel as { id: string }).id;
  await d.refs.set(PLATFORM, key, im);
  return im;
}

/**
 * A direct message to one person. History of a DM is not read (it would need one more scope), so
 * a crash right after the post may send it twice: a duplicate page is far better than a lost one.
 */
async function directMessage(d: Delivery, who: Who, text: string): Promise<boolean> {
  if (!who.slackId) {
    d.log.warn({ outboxId: d.row.id, person: who.id }, 'no Slack id for this person: direct message not sent');
    return false;
  }
  const im = await imWith(d, who.slackId);
  await postOnce(d, `dm:${who.id}`, im, { text }, { lookup: false });
  return true;
}

/** How long a page's mention waits for a channel this process is creating for its incident right now. */
const WAIT_FOR_OPENING_MS = 3_000;

async function beingOpened(d: Delivery, incidentId: number) {
  const opening = d.opening.get(incidentId);
  if (!opening) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), WAIT_FOR_OPENING_MS)));
  try {
    return await Promise.race([opening, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `notice.incident_page`: the people paged get a direct message first (that is what wakes them), then are
 * mentioned in the incident's channel or, when it does not exist yet (pages do not wait for it,
 * docs/adr/0008-page-first-outbox.md), in the service's announce channel.
 */
export async function deliverPage(d: Delivery, notice: PageNotice): Promise<DeliveryResult> {
  const i = notice.incident;
  const people: Person[] = [...notice.people, ...(notice.person ? [notice.person] : [])];
  const who = await Promise.all(people.map((p) => whoOf(d, p)));
  // The DMs go first and wait for nothing: they point at the channel only if it exists already. The
  // mention after them waits briefly for a channel being created meanwhile (until its announcement
  // is posted, so the mention comes after it), else takes the channel recorded by then.
  let link = await slackLink(d, i.id);
  // The engine's own line (`Paging @dana for INC-7 …`) with the paged people's mentions made real
  // (and nobody else's: the title is in it too); a default otherwise.
  const found = new Map(who.flatMap((w) => (w.slackId ? [[w.id, w.slackId] as const] : [])));
  const said = notice.text
    ? linkMentions(escapeText(notice.text), (id) => found.get(id))
    : `Paging ${who.map(whoText).join(', ') || 'nobody'} for ${i.ref} [${i.severity}] ${escapeText(i.title)}${notice.step !== undefined ? ` (step ${notice.step + 1})` : ''}`;
  const inChannel = link ? ` in <#${link.channelId}>` : '';
  const pageUrl = incidentUrl(d.publicUrl, i);
  const open = pageUrl ? ` or open ${incidentPageLink(pageUrl, i.ref)}` : '';
  let sent = 0;
  for (const w of who) if (await directMessage(d, w, `📟 You are paged for ${i.ref} [${i.severity}] ${escapeText(i.title)}${inChannel}. Acknowledge with \`/incident ack ${i.ref}\`${open}.`)) sent++;
  link ??= (await beingOpened(d, i.id)) ?? (await slackLink(d, i.id));
  const channel = link?.channelId ?? notice.target.announceChannel;
  if (channel) await postOnce(d, 'page', channel, { text: `📟 ${said}` });
  return { kind: 'delivered', result: { ...(channel ? { channel } : {}), directMessages: sent } };
}

/** `notice.person_message` (handoffs): a direct message. */
export async function deliverPersonNotice(d: Delivery, notice: PersonMessageNotice): Promise<DeliveryResult> {
  const sent = await directMessage(d, await whoOf(d, notice.person), linkMentions(escapeText(notice.text), await mentionTable(d, notice.mentions)));
  return sent ? { kind: 'delivered', result: { person: notice.person.id } } : { kind: 'failed', error: `no Slack id for ${notice.person.id}` };
}

/** `notice.channel_post` (on-call summaries): a message in a named channel. */
export async function deliverChannelPost(d: Delivery, notice: ChannelPostNotice): Promise<DeliveryResult> {
  const channel = notice.channel.id;
  const text = linkMentions(escapeText(notice.text), await mentionTable(d, notice.mentions));
  const post = await postOnce(d, 'post', channel, { text });
  return { kind: 'delivered', result: { ...post } };
}
