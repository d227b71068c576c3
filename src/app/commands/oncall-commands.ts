import type { CommandOf } from '../../domain/commands/command';
import { helpText } from '../../domain/commands/help-text';
import { onCallFor, scheduleFor, type ShiftJson } from '../oncall-query';
import type { RotationRecord } from '../ports/catalog';
import { answer, type CommandRun, type Handler, type Outcome } from './command-reply';
import { findRotation, isOutcome } from './rotation-lookup';
import { whenText } from './when-text';

const WEEK_MS = 7 * 86_400_000;
const DEFAULT_WEEKS = 4;
const NO_ROTATIONS = 'There are no rotations yet: `/oncall rotation create <name>`, or write them in the policy file and run `tocsin apply`.';

const who = (run: CommandRun, s: ShiftJson): string => `${run.mention(s.person)}${s.override ? ' (override)' : ''}`;

async function nowLine(run: CommandRun, r: RotationRecord): Promise<string> {
  const { current, next } = await onCallFor(run.tx.catalog, r, run.now);
  const then = next ? `${who(run, next)} until ${whenText(next.end, r.timezone)}` : 'nobody';
  if (!current) return next ? `${r.id}: nobody on call now; next ${who(run, next)} from ${whenText(next.start, r.timezone)}` : `${r.id}: nobody is on call (no members)`;
  return `${r.id}: ${who(run, current)} until ${whenText(current.end, r.timezone)}, then ${then}`;
}

async function nextLine(run: CommandRun, r: RotationRecord): Promise<string> {
  const { next } = await onCallFor(run.tx.catalog, r, run.now);
  return next ? `${r.id}: next ${who(run, next)} from ${whenText(next.start, r.timezone)} until ${whenText(next.end, r.timezone)}` : `${r.id}: nobody is next`;
}

/** One line per rotation: the one named, or every rotation when none is. */
function perRotation(line: (run: CommandRun, r: RotationRecord) => Promise<string>): (run: CommandRun<CommandOf<'oncall.now' | 'oncall.next'>>) => Promise<Outcome> {
  return async (run): Promise<Outcome> => {
    const { rotation: id } = run.command;
    if (id !== undefined) {
      const r = await findRotation(run, id);
      return isOutcome(r) ? r : answer(await line(run, r));
    }
    const all = await run.tx.catalog.rotations();
    if (all.length === 0) return answer(NO_ROTATIONS);
    const lines: string[] = [];
    for (const r of all) lines.push(await line(run, r));
    return answer(lines.join('\n'));
  };
}

const schedule: Handler<'oncall.schedule'> = async (run) => {
  const r = await findRotation(run, run.command.rotation);
  if (isOutcome(r)) return r;
  const weeks = run.command.weeks ?? DEFAULT_WEEKS;
  const shifts = await scheduleFor(run.tx.catalog, r, run.now, new Date(run.now.getTime() + weeks * WEEK_MS));
  if (shifts.length === 0) return answer(`${r.id}: nobody is on call in the next ${weeks} weeks (the rotation has no members).`);
  const line = (s: ShiftJson) => `${s.start === run.now.toISOString() ? 'now' : whenText(s.start, r.timezone)} → ${whenText(s.end, r.timezone)} · ${who(run, s)}`;
  return answer([`${r.id}, the next ${weeks} week${weeks === 1 ? '' : 's'}:`, ...shifts.map(line)].join('\n'));
};

export const ONCALL_VIEWS = {
  'oncall.now': perRotation(nowLine),
  'oncall.next': perRotation(nextLine),
  'oncall.schedule': schedule,
  'oncall.help': async () => answer(helpText('oncall')),
} as const;
