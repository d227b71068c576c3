import type { Person } from '../../app/ports/catalog';
import { slackErrorCode } from './slack-errors';
import { PLATFORM, type SlackDeliveryDeps } from './slack-delivery';
import type { Who } from './mrkdwn';

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * A person's Slack user id: from the policy (`slack:`), else looked up by email once and kept in
 * `chat_refs` (keyed by the email, so changing the email in the policy looks up again), else the
 * id itself for people made in chat (known by their Slack id). Undefined when nobody matches:
 * the caller goes on without them and says so in the log.
 */
export async function slackIdOf(d: SlackDeliveryDeps, person: Person): Promise<string | undefined> {
  if (person.slackId) return person.slackId;
  if (person.email) {
    const key = `email:${person.email.toLowerCase()}`;
    const cached = await d.refs.get(PLATFORM, key);
    if (cached) return cached;
    try {
      const r = await d.api.call('users.lookupByEmail', { email: person.email });
      const id = (r.user as { id?: string } | undefined)?.id;
      if (id) {
        await d.refs.set(PLATFORM, key, id);
        return id;
      }
    } catch (e) {
      if (slackErrorCode(e) !== 'users_not_found') throw e;
      d.log.warn({ person: person.id }, 'no Slack user has this person\'s email; they cannot be invited or mentioned');
    }
  }
  return SLACK_USER_ID.test(person.id) ? person.id : undefined;
}

export async function whoOf(d: SlackDeliveryDeps, person: Person): Promise<Who> {
  const slackId = await slackIdOf(d, person);
  return { id: person.id, ...(person.name ? { name: person.name } : {}), ...(slackId ? { slackId } : {}) };
}

/** A person id as stored on the incident (`acknowledgedBy`…): a policy person, or a chat user id. */
export async function whoById(d: SlackDeliveryDeps, personId: string): Promise<Who> {
  return whoOf(d, (await d.store.read.catalog.person(personId)) ?? { id: personId });
}

/**
 * Person id → Slack id for `@id` in a line, for the people the line names on purpose (`mentioned`)
 * and whose Slack id is known without a lookup (the policy's, or the id of a person made in chat).
 * Anyone else stays text, however their id is spelt: `@U0ADMIN cc @dana` in an alert pings nobody.
 */
export function mentionLookup(people: readonly Person[], mentioned: readonly string[] = []): (id: string) => string | undefined {
  const wanted = new Set(mentioned);
  const table = new Map(people.flatMap((p) => (p.slackId && wanted.has(p.id) ? [[p.id, p.slackId] as const] : [])));
  return (id) => (wanted.has(id) ? (table.get(id) ?? (SLACK_USER_ID.test(id) ? id : undefined)) : undefined);
}

export async function mentionTable(d: SlackDeliveryDeps, mentioned: readonly string[] = []): Promise<(id: string) => string | undefined> {
  return mentionLookup(mentioned.length ? await d.store.read.catalog.people() : [], mentioned);
}
