import { parseCommand } from '../../domain/commands/parse-command';
import { normalizeSlackMentions } from '../../domain/commands/slack-mentions';
import { incidentRef } from '../../domain/incident/incident';
import type { Actor } from '../../domain/timeline/timeline-entry';
import type { PagingSetup } from '../paging/paging-setup';
import type { Clock } from '../ports/clock';
import type { IncidentDetails, Store, Tx } from '../ports/store';
import { accessOf, accessRefusal } from './command-access';
import { dispatch } from './command-handlers';
import { refuse, type CommandContext, type CommandReply, type Outcome } from './command-reply';

async function incidentOfChannel(tx: Tx, ctx: CommandContext): Promise<IncidentDetails | undefined> {
  const link = ctx.channelId === undefined ? undefined : await tx.channels.byChannel(ctx.platform, ctx.channelId);
  return link && tx.incidents.byId(link.incidentId);
}

/**
 * Runs one chat command as typed in Slack, Teams or `tocsin chat`, and says what to answer.
 * Its effects and its record on the incident's timeline (who typed what, accepted or refused,
 * and the answer) commit together in one transaction: there is no change nobody can trace, and
 * no record of a change that did not happen. A refusal is a short line; nothing is changed then.
 * A command with no incident known (named or by channel) has no timeline to go on. Who may run
 * what is decided here, before any handler, by the access rules (SPEC "Who may do what"), the same
 * for Slack, Teams, buttons, card actions and `tocsin chat`: they all come through this function.
 */
export async function runChatCommand(deps: { store: Store; clock: Clock; paging?: PagingSetup }, text: string, ctx: CommandContext): Promise<CommandReply> {
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const access = await accessOf(tx, ctx.platform, ctx.actor, ctx.actorEmail);
    const actor: Actor = { kind: 'person', id: access.caller.id };
    const channelIncident = await incidentOfChannel(tx, ctx);
    const parsed = parseCommand(ctx.platform === 'slack' ? normalizeSlackMentions(text) : text);
    const mentioned = new Set<string>();
    const mention = (personId: string): string => {
      mentioned.add(personId);
      return `@${personId}`;
    };
    const outcome: Outcome = parsed.ok
      ? (await accessRefusal(tx, access, parsed.command, channelIncident)) ?? (await dispatch({ tx, command: parsed.command, ctx, actor, access, now, channelIncident, mention, mentioned, ...(deps.paging ? { paging: deps.paging } : {}) }))
      : refuse(`${parsed.message}. Usage: ${parsed.usage}`);
    const incident = outcome.incident ?? channelIncident;
    if (incident) {
      const data = { accepted: outcome.ok, reply: outcome.text, platform: ctx.platform, ...(ctx.actor !== actor.id && { chatUser: ctx.actor }) };
      await tx.timeline.append(incident.id, { at: now.toISOString(), actor, kind: 'command', text: text.trim(), data });
    }
    return { ok: outcome.ok, text: outcome.text, visibility: outcome.visibility, ...(incident && { incidentRef: incidentRef(incident.number) }), ...(outcome.incidentUrl && { incidentUrl: outcome.incidentUrl }), ...(mentioned.size > 0 && { mentions: [...mentioned] }) };
  });
}
