import type { RotationRecord } from '../ports/catalog';
import { refuse, type CommandRun, type Outcome } from './command-reply';

/** The rotation named, or a refusal that lists the ones there are. */
export async function findRotation(run: CommandRun, id: string): Promise<RotationRecord | Outcome> {
  const rotation = await run.tx.catalog.rotation(id);
  if (rotation) return rotation;
  const known = (await run.tx.catalog.rotations()).map((r) => r.id);
  return refuse(`There is no rotation ${id}. ${known.length ? `Rotations: ${known.join(', ')}.` : 'There are no rotations yet.'}`);
}

export const isOutcome = (x: RotationRecord | Outcome): x is Outcome => 'visibility' in x;

/** Chat edits only chat rotations: a managed one would be put back by the next `tocsin apply`. */
export function managedRefusal(rotation: RotationRecord): Outcome | undefined {
  return rotation.source === 'policy' ? refuse(`${rotation.id} is managed by the policy file: change it there and run \`tocsin apply\`.`) : undefined;
}
