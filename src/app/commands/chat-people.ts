import type { PersonRef } from '../../domain/commands/command';
import type { Catalog } from '../ports/catalog';
import type { Tx } from '../ports/store';
import type { CommandPlatform, CommandRun } from './command-reply';

/**
 * The policy person behind a chat user id: Slack and Teams ids are matched against the people's
 * `slackId` / `teamsId`; from the CLI the id is the person id already. An id nobody claims is kept
 * as it is (SPEC: people made in chat are known by their chat user id).
 */
export async function personIdOf(catalog: Catalog, platform: CommandPlatform, chatId: string, confirmedEmail?: string): Promise<string> {
  if (platform === 'cli') return chatId;
  // Teams sends AAD object ids in whatever case the client chose.
  const same = (id: string | undefined) => id !== undefined && (platform === 'teams' ? id.toLowerCase() === chatId.toLowerCase() : id === chatId);
  const people = await catalog.people();
  const match = people.find((p) => same(platform === 'slack' ? p.slackId : p.teamsId));
  if (match || !confirmedEmail) return match?.id ?? chatId;
  // Named by email only: the email the platform confirms for this user, never one a message claims.
  const email = confirmedEmail.toLowerCase();
  const byEmail = people.find((p) => p.source === 'policy' && p.email?.toLowerCase() === email && (platform === 'slack' ? !p.slackId : !p.teamsId));
  return byEmail?.id ?? chatId;
}

/** `@bob`, `@U123` or `me`, as a person id. */
export async function personOf(run: CommandRun, ref: PersonRef): Promise<string> {
  return ref.kind === 'self' ? run.actor.id : personIdOf(run.tx.catalog, run.ctx.platform, ref.id);
}

/**
 * A chat user put on a rotation or an override becomes a person (source `chat`), so the pager
 * can reach them by their chat id. From the CLI a name is only a name: nothing is made.
 */
export async function rememberChatPerson(tx: Tx, platform: CommandPlatform, id: string): Promise<void> {
  if (platform === 'cli' || (await tx.catalog.person(id))) return;
  await tx.policy.upsertPerson(platform === 'slack' ? { id, slackId: id } : { id, teamsId: id }, 'chat');
}
