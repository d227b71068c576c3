import type { Command, CommandKind, CommandOf } from '../../domain/commands/command';
import { incidentRef } from '../../domain/incident/incident';
import type { IncidentDetails } from '../ports/store';
import { refuse, usageLine, type RunOf, type Handler, type Outcome } from './command-reply';

/** The commands that act on one incident, named or picked by the channel. */
export type IncidentKind = { [K in CommandKind]: 'incident' extends keyof CommandOf<K> ? K : never }[CommandKind];

/** `/incident ack INC-n`: the usage line with the incident made compulsory, for when none is known. */
const namedUsage = (kind: CommandKind): string => usageLine(kind).replace('[INC-n]', 'INC-n');

/**
 * Runs `act` on the command's incident: the INC-n typed, else the incident whose channel it was
 * typed in. The incident is locked and read again, so two people acking at once queue up and the
 * second sees the first's change.
 */
export function onIncident<K extends IncidentKind>(act: (run: RunOf<K>, incident: IncidentDetails) => Promise<Outcome>): Handler<K> {
  return async (run) => {
    const number = (run.command as { readonly incident?: number }).incident;
    const found = number === undefined ? run.channelIncident : await run.tx.incidents.byNumber(number);
    if (number === undefined && !found) return refuse(`Which incident? ${namedUsage((run.command as Command).kind)} (or type it in the incident's channel)`);
    if (!found) return refuse(`There is no ${incidentRef(number ?? 0)}.`);
    await run.tx.incidents.lock(found.id);
    const incident = (await run.tx.incidents.byId(found.id)) ?? found;
    const outcome = await act(run, incident);
    return outcome.incident ? outcome : { ...outcome, incident };
  };
}
