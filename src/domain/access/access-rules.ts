import { DateTime } from 'luxon';
import type { CommandKind } from '../commands/command';
import { formatDuration } from '../time/duration';

/**
 * Who may do what (SPEC "Who may do what"): the `access:` block of the policy file, read once.
 * Chat users the file does not name read only, unless `unknownUsers` is `respond`; people respond
 * to incidents; members of a rotation also override it; admins may do everything.
 */
export interface AccessRules {
  /** Person ids (or chat user ids) of the admins. */
  readonly admins: readonly string[];
  readonly unknownUsers: 'read' | 'respond';
  /** The longest override anyone may set, in milliseconds. */
  readonly maxOverrideMs: number;
}

export const DEFAULT_MAX_OVERRIDE_MS = 30 * 86_400_000;

export const DEFAULT_ACCESS: AccessRules = { admins: [], unknownUsers: 'read', maxOverrideMs: DEFAULT_MAX_OVERRIDE_MS };

/**
 * What a command needs: `read` anyone, `respond` a person, `override` a member of the rotation
 * (decided once the rotation is known), `own-override` the one who made it, `admin` an admin.
 */
export type Need = 'read' | 'respond' | 'override' | 'own-override' | 'admin';

const NEEDS: { readonly [K in CommandKind]: Need } = {
  'incident.declare': 'respond',
  'incident.ack': 'respond',
  'incident.resolve': 'respond',
  'incident.note': 'respond',
  'incident.sev': 'respond',
  'incident.assign': 'respond',
  'incident.escalate': 'respond',
  'incident.channel': 'respond',
  'incident.status': 'read',
  'incident.timeline': 'read',
  'incident.list': 'read',
  'incident.help': 'read',
  'oncall.now': 'read',
  'oncall.next': 'read',
  'oncall.schedule': 'read',
  'oncall.overrides': 'read',
  'oncall.help': 'read',
  // For the typist themself only: it pages nobody else.
  'oncall.test': 'read',
  // A link for the typist themself; in the web they may do what they may do here, no more.
  'oncall.web': 'read',
  'oncall.cover': 'override',
  'oncall.override': 'override',
  'oncall.override.remove': 'own-override',
  'oncall.rotation.create': 'admin',
  'oncall.rotation.add': 'admin',
  'oncall.rotation.remove': 'admin',
  'oncall.rotation.move': 'admin',
};

export const needOf = (kind: CommandKind): Need => NEEDS[kind];

/** The one asking, as the rules see them. */
export interface Caller {
  /** The person id (or, for a chat user the policy does not name, the chat user id). */
  readonly id: string;
  /** Named by the policy file (directly, or by a chat id or an email the platform confirmed). */
  readonly known: boolean;
}

export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const ALLOWED: Verdict = { allowed: true };
const no = (reason: string): Verdict => ({ allowed: false, reason });

export function isAdmin(rules: AccessRules, caller: Caller): boolean {
  return rules.admins.includes(caller.id);
}

/** May respond to incidents: a person, an admin, or anyone when unknown users may respond. */
export function mayRespond(rules: AccessRules, caller: Caller): Verdict {
  if (caller.known || isAdmin(rules, caller) || rules.unknownUsers === 'respond') return ALLOWED;
  return no('the policy file does not name you, so you may only read (/incident list, status, timeline; /oncall). Ask an admin to add you to `people:` with your chat id or email');
}

/**
 * The decision that needs no more than the command: everything except which rotation an override
 * is on (see mayOverride) and who made an override (see mayRemoveOverride).
 */
export function decide(rules: AccessRules, caller: Caller, need: Need): Verdict {
  switch (need) {
    case 'read':
      return ALLOWED;
    case 'respond':
      return mayRespond(rules, caller);
    case 'admin':
      return isAdmin(rules, caller) ? ALLOWED : no('only admins (`access.admins` in the policy file) may edit rotations');
    case 'override':
    case 'own-override':
      // Decided once the rotation or the override is known; a caller who may not even respond
      // is refused here already.
      return mayRespond(rules, caller);
  }
}

/** Overrides on a rotation: its members and the admins. */
export function mayOverride(rules: AccessRules, caller: Caller, rotation: { readonly id: string; readonly members: readonly string[] }): Verdict {
  if (isAdmin(rules, caller) || rotation.members.includes(caller.id)) return ALLOWED;
  return no(`only members of ${rotation.id} and admins may override it`);
}

/** Removing an override: admins, or whoever made it. Overrides from the policy file are removed there. */
export function mayRemoveOverride(rules: AccessRules, caller: Caller, override: { readonly source: 'policy' | 'chat'; readonly createdBy?: string }): Verdict {
  if (override.source === 'policy') return no('it comes from the policy file: remove it there and run `tocsin apply`');
  if (isAdmin(rules, caller) || override.createdBy === caller.id) return ALLOWED;
  return no('only admins and the person who made an override may remove it');
}

/** The latest an override may end: one calendar year after `now`. */
export function latestOverrideEnd(now: Date): Date {
  return DateTime.fromJSDate(now, { zone: 'utc' }).plus({ years: 1 }).toJSDate();
}

/**
 * Why an override span is not allowed, or undefined when it is: longer than `maxOverrideMs`, or
 * ending more than a year after `now`. A rotation handed to one person for years stops every page
 * of it reaching anyone else; the limits make such a mistake (or a prank) short-lived and visible.
 */
export function overrideSpanProblem(rules: Pick<AccessRules, 'maxOverrideMs'>, span: { readonly start: Date; readonly end: Date }, now: Date): string | undefined {
  const length = span.end.getTime() - span.start.getTime();
  if (length > rules.maxOverrideMs) return `an override lasts at most ${formatDuration(rules.maxOverrideMs)} (access.max_override); this one lasts ${formatDuration(length)}`;
  const latest = latestOverrideEnd(now);
  if (span.end.getTime() > latest.getTime()) return `an override must end within a year, by ${latest.toISOString()}`;
  return undefined;
}
