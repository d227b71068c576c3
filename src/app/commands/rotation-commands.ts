import { randomBytes } from 'node:crypto';
import { checkRotation } from '../../domain/oncall/rotation';
import { personOf, rememberChatPerson } from './chat-people';
import { announce, refuse, usageLine, type CommandRun, type RunOf, type Handler, type Outcome } from './command-reply';
import { cadenceText, periodOf, startOfShiftNow } from './new-rotation';
import { findRotation, isOutcome, managedRefusal } from './rotation-lookup';

const DEFAULT_HANDOFF = '09:00';

const create: Handler<'oncall.rotation.create'> = async (run) => {
  const c = run.command;
  const existing = await run.tx.catalog.rotation(c.rotation);
  if (existing) return managedRefusal(existing) ?? refuse(`${c.rotation} already exists: \`/oncall rotation add ${c.rotation} @person\` adds people.`);
  const base = {
    id: c.rotation,
    timezone: c.zone ?? (await run.tx.catalog.defaultTimezone()),
    period: periodOf(c.period ?? 'weekly'),
    handoff: { time: c.handoffTime ?? DEFAULT_HANDOFF, ...(c.weekday && { weekday: c.weekday }) },
    members: [],
  };
  const problems = checkRotation({ ...base, start: '2026-01-01' });
  if (problems.length > 0) return refuse(`${problems.map((p) => p.message).join('; ')}. Usage: ${usageLine(c.kind)}`);
  const rotation = { ...base, start: startOfShiftNow(base, run.now) };
  // A calendar feed token, as `tocsin apply` makes for managed rotations.
  await run.tx.policy.upsertRotation({ ...rotation, notifyHandoff: true, source: 'chat', calendarToken: randomBytes(18).toString('base64url') });
  return announce(`Rotation ${rotation.id} made by ${run.mention(run.actor.id)}: ${cadenceText(rotation)}. Add people with \`/oncall rotation add ${rotation.id} @person\`.`);
};

type MemberKind = 'oncall.rotation.add' | 'oncall.rotation.remove' | 'oncall.rotation.move';
type Edit = { readonly members: readonly string[]; readonly text: string } | Outcome;

const orderText = (run: CommandRun, members: readonly string[]): string => (members.length ? members.map((m, i) => `${i + 1}. ${run.mention(m)}`).join(', ') : 'no members, nobody is on call');
const clamp = (n: number, lo: number, hi: number): number => Math.min(Math.max(n, lo), hi);

/** Member edits of a chat rotation: the rotation found and not managed, the person read, the new order stored. */
function memberEdit<K extends MemberKind>(edit: (run: RunOf<K>, members: readonly string[], person: string) => Edit): Handler<K> {
  return async (run) => {
    const { rotation: id, person: who } = run.command as RunOf<MemberKind>['command'];
    const rotation = await findRotation(run, id);
    if (isOutcome(rotation)) return rotation;
    const managed = managedRefusal(rotation);
    if (managed) return managed;
    const person = await personOf(run, who);
    const edited = edit(run, rotation.members, person);
    if ('visibility' in edited) return edited;
    await rememberChatPerson(run.tx, run.ctx.platform, person);
    await run.tx.policy.upsertRotation({ ...rotation, members: edited.members });
    return announce(`${edited.text} (by ${run.mention(run.actor.id)}). ${rotation.id}: ${orderText(run, edited.members)}.`);
  };
}

const add = memberEdit<'oncall.rotation.add'>((run, members, person) => {
  const rotation = run.command.rotation;
  if (members.includes(person)) return refuse(`${run.mention(person)} is already in ${rotation}, at ${members.indexOf(person) + 1}.`);
  const at = clamp(run.command.position ?? members.length + 1, 1, members.length + 1) - 1;
  return { members: [...members.slice(0, at), person, ...members.slice(at)], text: `${run.mention(person)} added to ${rotation}` };
});

const remove = memberEdit<'oncall.rotation.remove'>((run, members, person) => {
  if (!members.includes(person)) return refuse(`${run.mention(person)} is not in ${run.command.rotation}.`);
  return { members: members.filter((m) => m !== person), text: `${run.mention(person)} removed from ${run.command.rotation}` };
});

const move = memberEdit<'oncall.rotation.move'>((run, members, person) => {
  if (!members.includes(person)) return refuse(`${run.mention(person)} is not in ${run.command.rotation}: \`/oncall rotation add\` first.`);
  const at = clamp(run.command.position, 1, members.length);
  const rest = members.filter((m) => m !== person);
  return { members: [...rest.slice(0, at - 1), person, ...rest.slice(at - 1)], text: `${run.mention(person)} moved to ${at} in ${run.command.rotation}` };
});

export const ROTATION_COMMANDS = {
  'oncall.rotation.create': create,
  'oncall.rotation.add': add,
  'oncall.rotation.remove': remove,
  'oncall.rotation.move': move,
} as const;
