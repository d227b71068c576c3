import { IANAZone } from 'luxon';
import { fail, ok, type Result } from '../problem';
import { expectEnd, nameToken, personToken, problem, show, timeToken, type CommandArgs, type Token } from './command-args';
import type { PersonRef, RotationPeriod, SpanSpec, Weekday } from './command';
import { parseSpan } from './span-spec';
import { WEEKDAYS } from '../time/wall-clock';
import { NOTIFY_VIAS, type NotifyVia } from '../paging/notify-rule';

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Reads the words in order; each reader names what it wanted when the word does not fit. */
class Words {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  take<T>(what: string, read: (word: string) => T | undefined): Result<T> {
    const word = this.tokens[this.i];
    if (!word) return fail(problem('args', `missing ${what}`));
    const value = read(word.text);
    if (value === undefined) return fail(problem('args', `${show(word.text)} is not ${what}`));
    this.i += 1;
    return ok(value);
  }

  /** Takes the word only when `read` accepts it. */
  maybe<T>(read: (word: string) => T | undefined): T | undefined {
    const word = this.tokens[this.i];
    const value = word ? read(word.text) : undefined;
    if (value !== undefined) this.i += 1;
    return value;
  }

  rest(): readonly string[] {
    return this.tokens.slice(this.i).map((t) => t.text);
  }

  end<T>(value: T): Result<T> {
    const extra = expectEnd(this.tokens, this.i);
    return extra ? fail(extra) : ok(value);
  }
}

const ROTATION = 'a rotation name';
const PERSON = 'a person (@name or me)';

function count(min: number, max: number): (word: string) => number | undefined {
  return (word) => (/^\d{1,4}$/.test(word) && Number(word) >= min && Number(word) <= max ? Number(word) : undefined);
}

const position = count(1, 999);

/** `/oncall [rotation]`, `/oncall next [rotation]`. */
export function parseMaybeRotation(args: CommandArgs): Result<{ rotation?: string }> {
  const words = new Words(args.tokens);
  if (args.tokens.length === 0) return ok({});
  const rotation = words.take(ROTATION, nameToken);
  return rotation.ok ? words.end({ rotation: rotation.value }) : rotation;
}

/** `/oncall test [sms|voice|email|push|chat]`: one channel, or every channel of the typist's rules. */
export function parseTestVia(args: CommandArgs): Result<{ via?: NotifyVia }> {
  const words = new Words(args.tokens);
  if (args.tokens.length === 0) return ok({});
  const via = words.take(`a channel (${NOTIFY_VIAS.join(', ')})`, (w) => NOTIFY_VIAS.find((v) => v === w.toLowerCase()));
  return via.ok ? words.end({ via: via.value }) : via;
}

export function parseSchedule(args: CommandArgs): Result<{ rotation: string; weeks?: number }> {
  const words = new Words(args.tokens);
  const rotation = words.take(ROTATION, nameToken);
  if (!rotation.ok) return rotation;
  if (words.rest().length === 0) return ok({ rotation: rotation.value });
  const weeks = words.take('a number of weeks (1 to 52)', (w) => count(1, 52)(w.replace(/^(\d+)w$/i, '$1')));
  return weeks.ok ? words.end({ rotation: rotation.value, weeks: weeks.value }) : weeks;
}

function personAndSpan(words: Words, rotation: string | undefined): Result<{ rotation?: string; person: PersonRef; span: SpanSpec }> {
  const person = words.take(PERSON, personToken);
  if (!person.ok) return person;
  const span = parseSpan(words.rest());
  return span.ok ? ok({ rotation, person: person.value, span: span.value }) : span;
}

/** `cover [rotation] @person <span>`: the rotation is needed only when the one covered is in several. */
export function parseCover(args: CommandArgs): Result<{ rotation?: string; person: PersonRef; span: SpanSpec }> {
  const words = new Words(args.tokens);
  const rotation = words.maybe((w) => (personToken(w) ? undefined : nameToken(w)));
  return personAndSpan(words, rotation);
}

export function parseOverride(args: CommandArgs): Result<{ rotation: string; person: PersonRef; span: SpanSpec }> {
  const words = new Words(args.tokens);
  const rotation = words.take(ROTATION, nameToken);
  if (!rotation.ok) return rotation;
  const parsed = personAndSpan(words, rotation.value);
  return parsed.ok ? ok({ ...parsed.value, rotation: rotation.value }) : parsed;
}

/** `override remove <id>`: an id as `/oncall overrides` lists it. */
export function parseOverrideId(args: CommandArgs): Result<{ id: string }> {
  const words = new Words(args.tokens);
  const id = words.take('an override id (see /oncall overrides)', nameToken);
  return id.ok ? words.end({ id: id.value }) : id;
}

function member(args: CommandArgs): Result<{ words: Words; rotation: string; person: PersonRef }> {
  const words = new Words(args.tokens);
  const rotation = words.take(ROTATION, nameToken);
  if (!rotation.ok) return rotation;
  const person = words.take(PERSON, personToken);
  return person.ok ? ok({ words, rotation: rotation.value, person: person.value }) : person;
}

type Member = { rotation: string; person: PersonRef };

/** `add <rotation> @person [position]`: at the end unless a position (1 = first) is given. */
export function parseMemberAdd(args: CommandArgs): Result<Member & { position?: number }> {
  const m = member(args);
  return m.ok ? m.value.words.end({ rotation: m.value.rotation, person: m.value.person, position: m.value.words.maybe(position) }) : m;
}

export function parseMemberRemove(args: CommandArgs): Result<Member> {
  const m = member(args);
  return m.ok ? m.value.words.end({ rotation: m.value.rotation, person: m.value.person }) : m;
}

export function parseMemberMove(args: CommandArgs): Result<Member & { position: number }> {
  const m = member(args);
  if (!m.ok) return m;
  const at = m.value.words.take('a position (1 = first)', position);
  return at.ok ? m.value.words.end({ rotation: m.value.rotation, person: m.value.person, position: at.value }) : at;
}

function readPeriod(word: string): RotationPeriod | undefined {
  const w = word.toLowerCase();
  if (w === 'daily' || w === 'weekly') return w;
  const days = /^(\d{1,3})d$/.exec(w);
  return days && Number(days[1]) >= 1 && Number(days[1]) <= 365 ? { days: Number(days[1]) } : undefined;
}

function readWeekday(word: string): Weekday | undefined {
  const w = word.toLowerCase();
  const i = DAY_NAMES.findIndex((d) => w.length >= 3 && d.startsWith(w));
  return WEEKDAYS[i];
}

/** Zones as IANA spells them: `europe/berlin` becomes `Europe/Berlin`. */
function readZone(word: string): string | undefined {
  if (!/[/]|^(utc|gmt)$/i.test(word) || !IANAZone.isValidZone(word)) return undefined;
  return new Intl.DateTimeFormat('en', { timeZone: word }).resolvedOptions().timeZone;
}

type CreateFields = { rotation: string; period?: RotationPeriod; weekday?: Weekday; handoffTime?: string; zone?: string };

/** `create <id> [daily|weekly|Nd] [mon-sun] [HH:MM] [zone]`, the options in any order. */
export function parseRotationCreate(args: CommandArgs): Result<CreateFields> {
  const words = new Words(args.tokens);
  const rotation = words.take(ROTATION, nameToken);
  if (!rotation.ok) return rotation;
  const fields: CreateFields = { rotation: rotation.value };
  const readers = { period: readPeriod, weekday: readWeekday, handoffTime: timeToken, zone: readZone } as const;
  for (const word of words.rest()) {
    const key = (Object.keys(readers) as (keyof typeof readers)[]).find((k) => fields[k] === undefined && readers[k](word) !== undefined);
    if (!key) return fail(problem('args', `${show(word)} is not a period (daily, weekly, 3d), weekday, time (HH:MM) or time zone, or comes twice`));
    Object.assign(fields, { [key]: readers[key](word) });
  }
  if (fields.weekday && fields.period !== undefined && fields.period !== 'weekly') return fail(problem('weekday', 'a handoff weekday goes with a weekly period'));
  return ok(fields);
}
