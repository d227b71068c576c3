import { missingContact, NOTIFY_VIAS, VIA_NOUN, type NotifyVia } from '../../domain/paging/notify-rule';
import type { Person } from '../ports/catalog';
import type { Tx } from '../ports/store';
import { noticeToPerson } from '../scheduler/chat-posts';
import { notificationMessage, payloadPerson } from './notification-payload';
import type { PagingSetup } from './paging-setup';

export interface TestPageReport {
  /** True when at least one test notification was queued. */
  readonly ok: boolean;
  /** One line per channel: what was queued, or what is missing. */
  readonly lines: readonly string[];
}

/** Every channel the person's rules use (notify and notify_urgent), in the usual order; chat when they have none. */
export function channelsOf(person: Person): readonly NotifyVia[] {
  const used = new Set([...(person.notify ?? [{ via: 'chat' as const }]), ...(person.notifyUrgent ?? [])].map((r) => r.via));
  return NOTIFY_VIAS.filter((v) => used.has(v));
}

/**
 * `tocsin page test <person> [--via …]` and `/oncall test`: a test notification through each of the
 * person's channels (or the one named), queued on the outbox like a real one but marked `test` and
 * about no incident, so a person can check their phone, app and mail before the night it matters.
 * Says per channel what was queued and what is missing (a contact, a provider).
 */
export async function sendTestPage(tx: Tx, setup: PagingSetup, person: Person, via: NotifyVia | undefined, now: Date): Promise<TestPageReport> {
  const lines: string[] = [];
  let queued = 0;
  for (const channel of via ? [via] : channelsOf(person)) {
    const name = VIA_NOUN[channel];
    const missing = missingContact(person, channel);
    if (missing) {
      lines.push(`${name}: not sent, @${person.id} has ${missing}`);
      continue;
    }
    const id = `test:${person.id}:${now.getTime()}:${channel}`;
    if (channel === 'chat') await noticeToPerson(tx, person, { text: `Test page from Tocsin for @${person.id}: this is how you are paged in chat. Nothing to do.`, test: true }, id);
    else await tx.outbox.enqueue(notificationMessage({ channel, notificationId: id, test: true, incident: TEST_INCIDENT, person: payloadPerson(person) }));
    queued++;
    lines.push(setup.configured.has(channel) ? `${name}: test queued` : `${name}: test queued, but no ${channel} provider is configured, so it only goes to the log`);
  }
  return { ok: queued > 0, lines };
}

/** A test page is about no incident; providers render this as "Test page from Tocsin". */
const TEST_INCIDENT = { id: 0, ref: 'TEST', number: 0, title: 'Test page from Tocsin: nothing to do', severity: 'sev4', service: null } as const;
