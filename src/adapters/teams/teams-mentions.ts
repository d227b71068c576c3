import type { Person } from '../../app/ports/catalog';

/** A Bot Framework / Adaptive Card mention entity. */
export interface MentionEntity {
  readonly type: 'mention';
  readonly text: string;
  readonly mentioned: { readonly id: string; readonly name: string };
}

/** How a person appears in a message: `<at>Name</at>` plus its entity, or a plain name when Teams cannot notify them. */
export interface PersonMention {
  readonly text: string;
  readonly entity?: MentionEntity;
}

/** `<` and `>` would end the `<at>` tag early; Teams matches mention text to entity text literally. */
const displayName = (person: Person): string => (person.name ?? person.id).replace(/[<>]/g, '');

/**
 * A real Teams mention needs an id Teams can resolve: the person's Entra object id (`teams:` in the
 * policy) or, failing that, their user principal name, which is their email in most tenants.
 * Without either the name is written plainly: nobody is notified, but nobody wrong is either.
 */
export function mentionOf(person: Person): PersonMention {
  const name = displayName(person);
  const id = person.teamsId ?? person.email;
  if (!id) return { text: name };
  const text = `<at>${name}</at>`;
  return { text, entity: { type: 'mention', text, mentioned: { id, name } } };
}

export function mentionsOf(people: readonly Person[]): { readonly text: string; readonly entities: MentionEntity[] } {
  const mentions = people.map(mentionOf);
  return { text: mentions.map((m) => m.text).join(', '), entities: mentions.flatMap((m) => (m.entity ? [m.entity] : [])) };
}

/** An inbound mention as Teams sends it in `entities`: `mentioned.id` is the `29:` user id (or `28:` for a bot). */
export interface InboundMention {
  readonly text: string;
  readonly mentioned: { readonly id: string };
}

/**
 * Commands read `@id`: each `<at>Name</at>` of a user mention becomes `@<what resolve gives>` (the
 * user's Entra object id when known), so `incident assign <at>Bob</at>` names Bob's person.
 * Mentions of bots (`28:` ids) are dropped; whatever follows them is the command.
 */
export function normalizeTeamsMentions(text: string, mentions: readonly InboundMention[], resolved: ReadonlyMap<string, string>): string {
  let out = text;
  for (const m of mentions) {
    const replacement = m.mentioned.id.startsWith('28:') ? '' : `@${resolved.get(m.mentioned.id) ?? m.mentioned.id}`;
    out = out.split(m.text).join(replacement);
  }
  return out.replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
}
