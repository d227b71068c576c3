import { systemClock } from '../../src/app/ports/clock';
import { FakeSlackWithDms } from '../fakes/fake-slack-with-dms';

export interface HaSlack {
  readonly slack: FakeSlackWithDms;
  /** The id of `#incidents`, the announce channel. */
  readonly announce: string;
  /** What points a replica at this Slack. */
  readonly env: Record<string, string>;
}

/** The loopback Slack of the replica tests, on real time: alice and bob, and `#incidents` to announce in. */
export async function startHaSlack(signingSecret: string): Promise<HaSlack> {
  const slack = new FakeSlackWithDms({ clock: systemClock });
  const apiUrl = await slack.start();
  slack.addUser({ id: 'UALICE', name: 'alice', email: 'alice@example.com' });
  slack.addUser({ id: 'UBOB', name: 'bob', email: 'bob@example.com' });
  const announce = slack.addChannel({ name: 'incidents' }).id;
  return { slack, announce, env: { SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: apiUrl } };
}

/** Every post Slack holds that an outbox row made, by the row id and part its metadata names. */
export function outboxPosts(slack: FakeSlackWithDms): { readonly row: string; readonly part: string }[] {
  return [...slack.workspace.messages.values()].flat().flatMap((m) => {
    const meta = m.metadata as { event_type?: string; event_payload?: { outbox_id?: unknown; part?: unknown } } | undefined;
    return meta?.event_type === 'tocsin_outbox' ? [{ row: String(meta.event_payload?.outbox_id), part: String(meta.event_payload?.part) }] : [];
  });
}
