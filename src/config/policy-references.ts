import { parseDuration } from '../domain/time/duration';
import { POLICY_TOP_LEVEL_KEYS } from './policy-schema';
import { parseInstant } from './policy-fields';
import { nearestKey } from './policy-issues';
import { formatPath, type Finding, type PolicyPath } from './policy-path';

/**
 * Cross-reference checks: what one entry says about another. They read the parsed YAML as it is,
 * not the schema's output, so they still run — and every problem is reported in one pass — when
 * some other part of the file fails the schema. Shapes the schema refuses are skipped here.
 */

type Entry = Readonly<Record<string, unknown>>;
interface Item {
  readonly entry: Entry;
  readonly at: PolicyPath;
}

const isEntry = (v: unknown): v is Entry => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function items(v: unknown, at: PolicyPath): Item[] {
  return Array.isArray(v) ? v.flatMap((entry, i) => (isEntry(entry) ? [{ entry, at: [...at, i] }] : [])) : [];
}

function texts(v: unknown, at: PolicyPath): { value: string; at: PolicyPath }[] {
  return Array.isArray(v) ? v.flatMap((value, i) => (typeof value === 'string' ? [{ value, at: [...at, i] }] : [])) : [];
}

const ID_LISTS = ['people', 'rotations', 'escalation_policies', 'services', 'integrations', 'summaries'] as const;
const KIND: Record<(typeof ID_LISTS)[number], string> = {
  people: 'person',
  rotations: 'rotation',
  escalation_policies: 'escalation policy',
  services: 'service',
  integrations: 'integration',
  summaries: 'summary',
};

export function referenceFindings(input: unknown): Finding[] {
  if (!isEntry(input)) return [];
  const raw = withTyposRead(input);
  const findings: Finding[] = [];
  const ids = new Map<string, Set<string>>();
  for (const list of ID_LISTS) {
    const seen = new Map<string, PolicyPath>();
    for (const { entry, at } of items(raw[list], [list])) {
      const id = text(entry.id);
      if (id === undefined) continue;
      const first = seen.get(id);
      if (first) findings.push({ at: [...at, 'id'], message: `duplicate ${KIND[list]} id '${id}' (first used at ${formatPath(first)})` });
      else seen.set(id, at);
    }
    ids.set(list, new Set(seen.keys()));
  }
  const expect = (list: (typeof ID_LISTS)[number], value: unknown, at: PolicyPath) => {
    const id = text(value);
    const known = ids.get(list)!;
    if (id === undefined || known.has(id)) return;
    const hint = known.size > 0 && known.size <= 12 ? ` (known: ${[...known].join(', ')})` : known.size === 0 ? ` (${list} is empty)` : '';
    findings.push({ at, message: `unknown ${KIND[list]} '${id}'${hint}` });
  };

  if (isEntry(raw.access)) for (const a of texts(raw.access.admins, ['access', 'admins'])) expect('people', a.value, a.at);

  for (const { entry, at } of items(raw.rotations, ['rotations'])) {
    for (const m of texts(entry.members, [...at, 'members'])) expect('people', m.value, m.at);
    const weekday = isEntry(entry.handoff) ? entry.handoff.weekday : undefined;
    // An unknown period is the schema's error; the weekday rule only speaks about known ones.
    const period = entry.period === undefined || entry.period === 'weekly' ? 'weekly' : entry.period === 'daily' ? 'daily' : isEntry(entry.period) ? 'every N days' : undefined;
    if (weekday !== undefined && (period === 'daily' || period === 'every N days')) {
      findings.push({ at: [...at, 'handoff', 'weekday'], message: `a weekday is only for weekly rotations; this one is ${period} (remove weekday)` });
    }
    if (weekday === undefined && period === 'weekly' && isEntry(entry.handoff)) {
      findings.push({ at: [...at, 'handoff', 'weekday'], message: 'a weekly rotation needs a handoff weekday (mon..sun)' });
    }
  }

  for (const { entry, at } of items(raw.overrides, ['overrides'])) {
    expect('rotations', entry.rotation, [...at, 'rotation']);
    expect('people', entry.person, [...at, 'person']);
    const start = parseInstant(text(entry.start) ?? '');
    const end = parseInstant(text(entry.end) ?? '');
    if (start !== undefined && end !== undefined && end <= start) findings.push({ at: [...at, 'end'], message: `end ${String(entry.end)} is not after start ${String(entry.start)}` });
  }

  for (const { entry, at } of items(raw.escalation_policies, ['escalation_policies'])) {
    let previous: { ms: number; text: string } | undefined;
    for (const step of items(entry.steps, [...at, 'steps'])) {
      for (const target of items(step.entry.notify, [...step.at, 'notify'])) {
        if ('rotation' in target.entry) expect('rotations', target.entry.rotation, [...target.at, 'rotation']);
        if ('person' in target.entry) expect('people', target.entry.person, [...target.at, 'person']);
      }
      const after = text(step.entry.after);
      const ms = after === undefined ? undefined : parseDuration(after);
      if (ms === undefined || after === undefined) continue;
      if (previous && ms < previous.ms) {
        findings.push({ at: [...step.at, 'after'], message: `after ${after} is earlier than the step before (${previous.text}); offsets count from when the incident opened, so they must not decrease` });
      }
      previous = { ms, text: after };
    }
  }

  for (const { entry, at } of items(raw.services, ['services'])) {
    if (entry.escalation_policy !== undefined) expect('escalation_policies', entry.escalation_policy, [...at, 'escalation_policy']);
    for (const chat of items(entry.chat, [...at, 'chat'])) {
      for (const r of texts(chat.entry.responders, [...chat.at, 'responders'])) expect('people', r.value, r.at);
    }
  }
  for (const { entry, at } of items(raw.integrations, ['integrations'])) {
    if (entry.service !== undefined) expect('services', entry.service, [...at, 'service']);
  }
  for (const { entry, at } of items(raw.routes, ['routes'])) expect('services', entry.service, [...at, 'service']);
  for (const { entry, at } of items(raw.summaries, ['summaries'])) {
    for (const r of texts(entry.rotations, [...at, 'rotations'])) expect('rotations', r.value, r.at);
  }
  return findings;
}

/**
 * A misspelled list (`escalation_policys:`) is already an "unknown key" error; its entries are
 * still read here under the name it most likely meant, so the typo does not also turn every
 * reference to them into an "unknown id" error.
 */
function withTyposRead(raw: Entry): Entry {
  const known = new Set<string>(POLICY_TOP_LEVEL_KEYS);
  const aliased: Record<string, unknown> = { ...raw };
  for (const key of Object.keys(raw)) {
    if (known.has(key)) continue;
    const meant = nearestKey(key, known);
    if (meant && !(meant in aliased)) aliased[meant] = raw[key];
  }
  return aliased;
}
