import { fail, ok, type Result } from '../problem';
import { expectEnd, noIncident, personToken, type CommandArgs } from './command-args';
import type { CommandKind, CommandOf } from './command';
import { parseDeclare, parseFreeText, parseIncidentOnly, parseOneWord } from './incident-args';
import { parseMaybeRotation, parseTestVia, parseCover, parseOverrideId, parseMemberAdd, parseMemberMove, parseMemberRemove, parseOverride, parseRotationCreate, parseSchedule } from './oncall-args';
import { parseSeverity } from '../incident/severity';

export type Topic = 'incident' | 'oncall';

/** One chat command: how it is typed, what it is for, and how its arguments are read. */
export interface CommandEntry<K extends CommandKind = CommandKind> {
  /** Also the routing key: the use case that runs it is picked by `kind`. */
  readonly kind: K;
  readonly topic: Topic;
  /** The words after `/incident` or `/oncall` that pick this command; none for bare `/oncall`. */
  readonly words: readonly string[];
  /** The arguments as the usage line shows them. */
  readonly args: string;
  readonly help: string;
  readonly parse: (args: CommandArgs) => Result<Omit<CommandOf<K>, 'kind'>>;
}

export type AnyCommandEntry = { [K in CommandKind]: CommandEntry<K> }[CommandKind];

const entry = <K extends CommandKind>(e: CommandEntry<K>): CommandEntry<K> => e;

function noArgs(args: CommandArgs): Result<Record<never, never>> {
  const wrong = noIncident(args) ?? expectEnd(args.tokens);
  return wrong ? fail(wrong) : ok({});
}

const INC = '[INC-n]';

/** Every chat command. Parsing, routing and the help text are all read from here. */
export const COMMANDS: readonly AnyCommandEntry[] = [
  entry({ kind: 'incident.declare', topic: 'incident', words: ['declare'], args: '<title> [sev1-4] [service]', help: 'open an incident by hand (quote the title to give a service without a severity)', parse: parseDeclare }),
  entry({ kind: 'incident.ack', topic: 'incident', words: ['ack'], args: INC, help: 'acknowledge: you are on it, escalation stops', parse: parseIncidentOnly }),
  entry({
    kind: 'incident.resolve',
    topic: 'incident',
    words: ['resolve'],
    args: `${INC} [summary]`,
    help: 'resolve, with what fixed it',
    parse: (a) => {
      const r = parseFreeText(a);
      return r.ok ? ok({ incident: r.value.incident, summary: r.value.text || undefined }) : r;
    },
  }),
  entry({
    kind: 'incident.note',
    topic: 'incident',
    words: ['note'],
    args: `${INC} <text>`,
    help: 'add a note to the timeline',
    parse: (a) => {
      const r = parseFreeText(a);
      return !r.ok ? r : r.value.text ? ok(r.value) : fail({ path: 'text', message: 'a note needs some text' });
    },
  }),
  entry({
    kind: 'incident.sev',
    topic: 'incident',
    words: ['sev'],
    args: `${INC} <1-4>`,
    help: 'change the severity',
    parse: (a) => {
      const r = parseOneWord(a, 'a severity (1 to 4)', parseSeverity);
      return r.ok ? ok({ incident: r.value.incident, severity: r.value.value }) : r;
    },
  }),
  entry({
    kind: 'incident.assign',
    topic: 'incident',
    words: ['assign'],
    args: `${INC} @person`,
    help: 'make someone the incident lead',
    parse: (a) => {
      const r = parseOneWord(a, 'a person (@name or me)', personToken);
      return r.ok ? ok({ incident: r.value.incident, person: r.value.value }) : r;
    },
  }),
  entry({ kind: 'incident.escalate', topic: 'incident', words: ['escalate'], args: INC, help: 'page the next escalation step now', parse: parseIncidentOnly }),
  entry({ kind: 'incident.status', topic: 'incident', words: ['status'], args: INC, help: 'show status, severity, lead and age', parse: parseIncidentOnly }),
  entry({ kind: 'incident.timeline', topic: 'incident', words: ['timeline'], args: INC, help: 'show the timeline', parse: parseIncidentOnly }),
  entry({ kind: 'incident.channel', topic: 'incident', words: ['channel'], args: 'INC-n', help: 'open the channel of an incident a storm kept in the digest', parse: parseIncidentOnly }),
  entry({ kind: 'incident.list', topic: 'incident', words: ['list'], args: '', help: 'list open incidents', parse: noArgs }),
  entry({ kind: 'incident.help', topic: 'incident', words: ['help'], args: '', help: 'show these commands', parse: noArgs }),
  entry({ kind: 'oncall.now', topic: 'oncall', words: [], args: '[rotation]', help: 'who is on call now, until when, and who is next', parse: parseMaybeRotation }),
  entry({ kind: 'oncall.next', topic: 'oncall', words: ['next'], args: '[rotation]', help: 'who takes the next shift, and when', parse: parseMaybeRotation }),
  entry({ kind: 'oncall.schedule', topic: 'oncall', words: ['schedule'], args: '<rotation> [weeks]', help: 'the shifts of the coming weeks (default 4)', parse: parseSchedule }),
  entry({ kind: 'oncall.cover', topic: 'oncall', words: ['cover'], args: '[rotation] @person <span>', help: 'let someone take the on-call shift for a <span> (an override)', parse: parseCover }),
  entry({ kind: 'oncall.override', topic: 'oncall', words: ['override'], args: '<rotation> @person <from> <to>', help: 'put someone on call for a span, e.g. 2026-12-24T00:00 2026-12-27T00:00', parse: parseOverride }),
  entry({ kind: 'oncall.overrides', topic: 'oncall', words: ['overrides'], args: '[rotation]', help: 'the overrides now and ahead, with their ids', parse: parseMaybeRotation }),
  entry({ kind: 'oncall.override.remove', topic: 'oncall', words: ['override', 'remove'], args: '<id>', help: 'remove an override (admins, or the one who made it)', parse: parseOverrideId }),
  entry({ kind: 'oncall.rotation.create', topic: 'oncall', words: ['rotation', 'create'], args: '<rotation> [daily|weekly|Nd] [weekday] [HH:MM] [zone]', help: 'make a rotation in chat', parse: parseRotationCreate }),
  entry({ kind: 'oncall.rotation.add', topic: 'oncall', words: ['rotation', 'add'], args: '<rotation> @person [position]', help: 'add a member, last unless a position is given', parse: parseMemberAdd }),
  entry({ kind: 'oncall.rotation.remove', topic: 'oncall', words: ['rotation', 'remove'], args: '<rotation> @person', help: 'remove a member', parse: parseMemberRemove }),
  entry({ kind: 'oncall.rotation.move', topic: 'oncall', words: ['rotation', 'move'], args: '<rotation> @person <position>', help: 'move a member to a position (1 = first)', parse: parseMemberMove }),
  entry({ kind: 'oncall.test', topic: 'oncall', words: ['test'], args: '[sms|voice|email|push|chat]', help: 'send yourself a test page through each of your channels, or one', parse: parseTestVia }),
  entry({ kind: 'oncall.web', topic: 'oncall', words: ['web'], args: '', help: 'get a link that signs you in to the web pages (sent as a direct message; works once, for 10 minutes)', parse: noArgs }),
  entry({ kind: 'oncall.help', topic: 'oncall', words: ['help'], args: '', help: 'show these commands', parse: noArgs }),
];

export function usageOf(e: CommandEntry): string {
  return [`/${e.topic}`, ...e.words, e.args].filter(Boolean).join(' ');
}
