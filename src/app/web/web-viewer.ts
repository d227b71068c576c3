import { decide, needOf, type Verdict } from '../../domain/access/access-rules';
import { accessOf } from '../commands/command-access';
import type { Person } from '../ports/catalog';
import type { Store } from '../ports/store';

/** Who is looking at a page, as the access rules and the clock faces see them. */
export interface Viewer {
  /** The person id the session signed in (for someone the policy file does not name: their chat id or email). */
  readonly id: string;
  readonly person?: Person;
  /** The policy file names them: they are a person, not an unknown user. */
  readonly known: boolean;
  /** Times are shown in their zone, else the policy's default zone. */
  readonly zone: string;
  /** Whether they may act on incidents (ack, resolve, note, sev): the same decision chat makes. */
  readonly respond: Verdict;
}

export async function viewerOf(store: Store, personId: string): Promise<Viewer> {
  const tx = store.read;
  const access = await accessOf(tx, 'cli', personId);
  const person = await tx.catalog.person(personId);
  const zone = person?.timezone ?? (await tx.catalog.defaultTimezone());
  return { id: access.caller.id, ...(person ? { person } : {}), known: access.caller.known, zone, respond: decide(access.rules, access.caller, needOf('incident.ack')) };
}
