import { decide, needOf, type AccessRules, type Caller } from '../../domain/access/access-rules';
import type { Command } from '../../domain/commands/command';
import type { IncidentDetails, Tx } from '../ports/store';
import { personIdOf } from './chat-people';
import { refuse, type CommandPlatform, type Outcome } from './command-reply';

/** Who typed a command, as the access rules see them, and the rules themselves. */
export interface CommandAccess {
  readonly rules: AccessRules;
  readonly caller: Caller;
}

/**
 * The person behind a chat user (or, from `tocsin chat --as`, a person id), and whether the
 * policy file names them. People made by chat commands are known by their chat id only: they
 * may be paged, but they are not named by the file, so they count as unknown users.
 */
export async function accessOf(tx: Tx, platform: CommandPlatform, chatId: string, confirmedEmail?: string): Promise<CommandAccess> {
  const id = await personIdOf(tx.catalog, platform, chatId, confirmedEmail);
  const person = await tx.catalog.person(id);
  return { rules: await tx.catalog.access(), caller: { id, known: person?.source === 'policy' } };
}

/** `Not allowed: <reason>.`, the one form every refusal of the access rules takes. */
export const notAllowed = (reason: string, incident?: IncidentDetails): Outcome => refuse(`Not allowed: ${reason}.`, incident);

/**
 * The refusal for a command the caller may not run at all, or undefined. Overrides are checked
 * again once their rotation is known (override-commands.ts); the refusal names the incident the
 * command meant, so it is recorded on that incident's timeline.
 */
export async function accessRefusal(tx: Tx, access: CommandAccess, command: Command, channelIncident: IncidentDetails | undefined): Promise<Outcome | undefined> {
  const verdict = decide(access.rules, access.caller, needOf(command.kind));
  if (verdict.allowed) return undefined;
  const number = 'incident' in command && typeof command.incident === 'number' ? command.incident : undefined;
  const incident = number === undefined ? channelIncident : await tx.incidents.byNumber(number);
  return notAllowed(verdict.reason, incident);
}
