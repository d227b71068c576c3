import type { IncidentView } from '../../app/chat-notices';
import type { TimelineEntry } from '../../domain/timeline/timeline-entry';
import { fitMessage } from './block-limits';
import { dateText, durationText, escapeText, mrkdwnText, whoText, type SlackMessage, type Who } from './mrkdwn';

export interface ResolutionFacts {
  readonly incident: IncidentView;
  readonly durationMs: number;
  readonly timeToAckMs: number | null;
  readonly summary: string | null;
  readonly entries: readonly TimelineEntry[];
  readonly who: (personId: string) => Who;
  readonly zone: string;
}

// What each timeline kind says someone did; kinds not listed (the `command` echo of a change, for
// one) are not counted, so one action is never counted twice.
const DEEDS: Readonly<Record<string, string>> = {
  'incident.opened': 'opened it',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.escalated': 'escalated',
  'incident.severity': 'changed the severity',
  'incident.assigned': 'assigned the lead',
  note: 'note',
  'chat.pinned': 'pinned message',
  'chat.message': 'message',
  'alert.firing': 'alert',
};

/** `@dana: acknowledged, 2 notes, resolved`, one line per actor, in order of first appearance. */
export function whoDidWhat(entries: readonly TimelineEntry[], who: (personId: string) => Who): string[] {
  const byActor = new Map<string, Map<string, number>>();
  for (const e of entries) {
    const deed = DEEDS[e.kind];
    if (!deed || e.actor.kind === 'tocsin') continue;
    const key = `${e.actor.kind}:${e.actor.id}`;
    const deeds = byActor.get(key) ?? new Map<string, number>();
    deeds.set(deed, (deeds.get(deed) ?? 0) + 1);
    byActor.set(key, deeds);
  }
  return [...byActor].map(([key, deeds]) => {
    const [kind, ...rest] = key.split(':');
    const id = rest.join(':');
    const name = kind === 'person' ? whoText(who(id)) : `${escapeText(id)} (${kind})`;
    const list = [...deeds].map(([deed, n]) => (n > 1 ? `${n} ${deed}s` : deed));
    return `${name}: ${list.join(', ')}`;
  });
}

/** The closing summary posted in the incident channel when it is resolved. */
export function renderResolution(f: ResolutionFacts): SlackMessage {
  const i = f.incident;
  const by = i.resolvedBy ? whoText(f.who(i.resolvedBy)) : 'someone';
  const ack = f.timeToAckMs === null ? 'never acknowledged' : `${durationText(f.timeToAckMs)}${i.acknowledgedBy ? ` (by ${whoText(f.who(i.acknowledgedBy))})` : ''}`;
  const lines = whoDidWhat(f.entries, f.who);
  const when = `Opened ${dateText(i.createdAt, f.zone)} · resolved ${dateText(i.resolvedAt ?? i.createdAt, f.zone)}`;
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: mrkdwnText(`✅ *${i.ref} resolved* by ${by}: ${escapeText(i.title)}`) },
    { type: 'section', fields: [mrkdwnText(`*Duration*\n${durationText(f.durationMs)}`), mrkdwnText(`*Time to acknowledge*\n${ack}`)] },
    ...(f.summary ? [{ type: 'section', text: mrkdwnText(`*Summary*\n${escapeText(f.summary)}`) }] : []),
    ...(lines.length ? [{ type: 'section', text: mrkdwnText(`*Who did what*\n${lines.map((l) => `• ${l}`).join('\n')}`) }] : []),
    { type: 'context', elements: [mrkdwnText(when)] },
  ];
  const text = `✅ ${i.ref} resolved by ${by} after ${durationText(f.durationMs)}; time to acknowledge: ${ack}.`;
  return fitMessage({ text, blocks });
}
