import type { ChatPlatform } from '../../domain/chat-platform';
import type { Command, CommandKind, CommandOf } from '../../domain/commands/command';
import { COMMANDS, usageOf } from '../../domain/commands/command-table';
import type { Actor } from '../../domain/timeline/timeline-entry';
import type { IncidentDetails, Tx } from '../ports/store';
import type { PagingSetup } from '../paging/paging-setup';
import type { CommandAccess } from './command-access';

export type CommandPlatform = ChatPlatform | 'cli';

/** Who typed a command, and where. */
export interface CommandContext {
  /** The chat user id (`U123`, an AAD object id) or, from `tocsin chat --as`, a policy person id. */
  readonly actor: string;
  readonly platform: CommandPlatform;
  /** The typist's email as the platform confirms it (Slack users.info), for people named by email only. */
  readonly actorEmail?: string;
  /** The channel it was typed in: inside an incident's channel, commands act on that incident. */
  readonly channelId?: string;
}

/** What the transport says back: `ephemeral` only to the one who typed, `channel` to everyone there. */
export interface CommandReply {
  readonly ok: boolean;
  readonly text: string;
  readonly visibility: 'ephemeral' | 'channel';
  readonly incidentRef?: string;
  /** The incident's web page, for answers that offer it (`/incident status`, with PUBLIC_URL set): each chat shows it as its own link. */
  readonly incidentUrl?: string;
  /**
   * The person ids the text names on purpose (`run.mention`): a chat adapter turns `@id` into a
   * real mention for these and no other. An `@name` inside a title, a note or an alert stays text.
   */
  readonly mentions?: readonly string[];
}

/** A handler's answer; `incident` is the one the command is recorded on. */
export interface Outcome {
  readonly ok: boolean;
  readonly text: string;
  readonly visibility: CommandReply['visibility'];
  readonly incident?: IncidentDetails;
  /** CommandReply.incidentUrl. */
  readonly incidentUrl?: string;
}

/** Everything a handler gets: the parsed command, the transaction, who (as a person id) and when. */
export interface CommandRun<C extends Command = Command> {
  readonly tx: Tx;
  readonly command: C;
  readonly ctx: CommandContext;
  readonly actor: Actor;
  /** The access rules and the caller, for the decisions a handler makes once it knows more (overrides). */
  readonly access: CommandAccess;
  readonly now: Date;
  /** The incident whose channel the command was typed in, if any. */
  readonly channelIncident?: IncidentDetails;
  /** `@personId`, and the person noted as mentioned on purpose (CommandReply.mentions). */
  mention(personId: string): string;
  /** Everyone `mention` named so far in this run. */
  readonly mentioned: ReadonlySet<string>;
  /** Which paging providers are configured (for `/oncall test`); absent: none beyond chat and push. */
  readonly paging?: PagingSetup;
}

/** The run of one kind (or a few kinds) of command. */
export type RunOf<K extends CommandKind> = CommandRun<CommandOf<K>>;

export type Handler<K extends CommandKind> = (run: RunOf<K>) => Promise<Outcome>;

/** A change everyone in the channel should see. */
export const announce = (text: string, incident?: IncidentDetails): Outcome => ({ ok: true, text, visibility: 'channel', ...(incident && { incident }) });

/** An answer for the one who asked. */
export const answer = (text: string, incident?: IncidentDetails): Outcome => ({ ok: true, text, visibility: 'ephemeral', ...(incident && { incident }) });

/** A refusal: a short line, to the one who typed it; nothing was changed. */
export const refuse = (text: string, incident?: IncidentDetails): Outcome => ({ ok: false, text, visibility: 'ephemeral', ...(incident && { incident }) });

/** The usage line of a command, as the help shows it. */
export function usageLine(kind: CommandKind): string {
  const entry = COMMANDS.find((e) => e.kind === kind);
  return entry ? usageOf(entry) : '/incident help';
}
