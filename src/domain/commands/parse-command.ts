import { argsOf, incidentToken, show, tokenize, type Token } from './command-args';
import type { Command, ParseResult } from './command';
import { COMMANDS, usageOf, type AnyCommandEntry, type Topic } from './command-table';

const ROOTS: Readonly<Record<string, Topic>> = { incident: 'incident', inc: 'incident', oncall: 'oncall' };
const ROOT_USAGE = '/incident help · /oncall help';

/** A bot mention the adapter left in front of the command (`@Tocsin`, `<at>Tocsin</at>`). */
const LEADING_MENTION = /^\s*(?:<at>.*?<\/at>|<@[^>]*>|@\S+)\s+(?=\/?(?:incident|inc|oncall)(?:\s|$))/is;

function refuse(usage: string, message: string): ParseResult {
  return { ok: false, usage, message: message.charAt(0).toUpperCase() + message.slice(1) };
}

const rootOf = (word: string | undefined): Topic | undefined => ROOTS[word?.replace(/^\//, '').toLowerCase() ?? ''];

/** The longest entry of the topic whose words stand at `tokens[i]`. */
function match(topic: Topic, tokens: readonly Token[], i: number): AnyCommandEntry | undefined {
  const fits = (e: AnyCommandEntry): boolean => e.words.every((w, k) => tokens[i + k]?.text.toLowerCase() === w);
  return COMMANDS.filter((e) => e.topic === topic && fits(e)).sort((a, b) => b.words.length - a.words.length)[0];
}

/** `/oncall rotation create|add|remove|move …`: the verbs that may follow `prefix`. */
function verbsUsage(topic: Topic, prefix: readonly string[]): string {
  const next = COMMANDS.filter((e) => e.topic === topic && e.words.length > prefix.length && prefix.every((w, k) => e.words[k] === w));
  return [`/${topic}`, ...prefix, [...new Set(next.map((e) => e.words[prefix.length]))].join('|'), '…'].join(' ');
}

/** Drops absent options. The table pairs each kind with its parser; TypeScript cannot follow that through the union, hence the cast. */
function withoutUndefined(command: Record<string, unknown>): Command {
  return Object.fromEntries(Object.entries(command).filter(([, v]) => v !== undefined)) as unknown as Command;
}

/**
 * Reads a chat command as typed in Slack, Teams or `tocsin chat`: `/incident ack INC-1`,
 * `incident ack`, `oncall cover @bob 2h`. Mentions must already be `@id` (normalizeSlackMentions).
 * Never throws: a command that does not parse is a refusal with the usage line meant.
 */
export function parseCommand(text: string): ParseResult {
  const source = text.replace(LEADING_MENTION, '');
  const tokens = tokenize(source);
  const topic = rootOf(tokens[0]?.text);
  if (!topic) return refuse(ROOT_USAGE, tokens[0] ? `${show(tokens[0].text)} is not a command: start with /incident or /oncall` : 'start with /incident or /oncall');
  let i = 1;
  const incident = topic === 'incident' ? incidentToken(tokens[1]?.text ?? '') : undefined;
  if (incident !== undefined) i += 1;
  if (topic === 'incident' && !tokens[i] && incident === undefined) return { ok: true, command: { kind: 'incident.help' } };
  const entry = match(topic, tokens, i);
  const word = tokens[i]?.text.toLowerCase() ?? '';
  const family = COMMANDS.some((e) => e.topic === topic && e.words.length > 1 && e.words[0] === word);
  if (!entry || (entry.words.length === 0 && family)) {
    const [prefix, said] = family ? [[word], tokens[i + 1]?.text] : [[], tokens[i]?.text];
    const what = ['/' + topic, ...prefix].join(' ');
    return refuse(verbsUsage(topic, prefix), said ? `${show(said)} is not a ${what} command` : `which ${what} command?`);
  }
  const parsed = entry.parse(argsOf(source, tokens.slice(i + entry.words.length), incident));
  if (!parsed.ok) return refuse(usageOf(entry), parsed.problems.map((p) => p.message).join('; '));
  return { ok: true, command: withoutUndefined({ kind: entry.kind, ...parsed.value }) };
}
