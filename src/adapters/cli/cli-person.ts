import type { Person } from '../../app/ports/catalog';
import type { CliIo, CliServices } from './cli-io';

/** The person the command line names, or undefined once it has said there is none. */
export async function personNamed(io: CliIo, s: CliServices, personId: string): Promise<Person | undefined> {
  const person = await s.store.read.catalog.person(personId);
  if (!person) io.err(`There is no person ${personId} (run tocsin apply after adding them to people: in the policy file).`);
  return person;
}
