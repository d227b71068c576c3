import { hash } from 'node:crypto';

export type ActorKind = 'person' | 'source' | 'tocsin';

/** Who did something: a person (policy id or chat user id), a monitoring source, or Tocsin itself. */
export interface Actor {
  readonly kind: ActorKind;
  readonly id: string;
}

export const TOCSIN: Actor = { kind: 'tocsin', id: 'tocsin' };

/**
 * Every kind of timeline entry, declared once: what happened to the incident (`incident.*`), to
 * its alerts (`alert.*`), in its chat (`chat.*`), and what people typed or wrote (`command`, `note`).
 * Entries read back from the database are typed by this union; an older kind is still read as a string.
 */
export const TIMELINE_KINDS = [
  'incident.opened',
  'incident.acknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.escalated',
  'incident.escalation_exhausted',
  'incident.paged',
  'incident.page_missed',
  'incident.reminder',
  'incident.severity',
  'incident.assigned',
  'incident.notifying',
  'incident.notify_skipped',
  'incident.notified',
  'incident.storm_started',
  'incident.storm_ended',
  'alert.firing',
  'alert.resolved',
  'chat.channel',
  'chat.fallback',
  'chat.failed',
  'chat.message',
  'chat.edited',
  'chat.deleted',
  'chat.pinned',
  'command',
  'note',
] as const;

export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * An entry's own fields, as hashed and stored; the store assigns seq and the hash chain. `kind`
 * is any string here (entries written by older versions stay verifiable); what use cases may
 * append is narrowed to TimelineKind by the repository (AppendedEntry in src/app/ports/store.ts).
 */
export interface NewTimelineEntry {
  readonly at: string;
  readonly actor: Actor;
  readonly kind: string;
  readonly text: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface TimelineEntry extends NewTimelineEntry {
  readonly incidentId: number;
  readonly seq: number;
  readonly data: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}

/** The link before the first entry of every incident. */
export const GENESIS_HASH = '0'.repeat(64);

export function actorLabel(actor: Actor): string {
  return `${actor.kind}:${actor.id}`;
}

/**
 * SHA-256 over every field a reader sees plus the previous hash, as canonical JSON (keys sorted),
 * so changing any stored field, reordering or removing an entry breaks the chain from there on.
 * Written out key by key rather than through canonicalJson of a new object: three entries are
 * hashed for every incident opened. timeline-hash.golden.test.ts pins the stored hashes.
 */
export function hashEntry(e: Omit<TimelineEntry, 'hash'>): string {
  // canonicalJson({ incident, seq, at, actor, kind, text, data, prev }), members in sorted key order.
  const body =
    `{"actor":${JSON.stringify(actorLabel(e.actor))}` +
    member('at', e.at) +
    member('data', e.data) +
    member('incident', e.incidentId) +
    member('kind', e.kind) +
    member('prev', e.prevHash) +
    member('seq', e.seq) +
    member('text', e.text) +
    '}';
  return hash('sha256', body, 'hex');
}

/** A member after the first of a canonical object; canonicalJson leaves undefined values out. */
const member = (key: string, value: unknown): string => (value === undefined ? '' : `,"${key}":${canonicalJson(value)}`);

export function chainEntry(incidentId: number, prev: { seq: number; hash: string } | undefined, entry: NewTimelineEntry): TimelineEntry {
  // Hashed as it will read back from any database: hashing text it cannot store (below) would make
  // the untouched entry fail verification.
  // Fields listed rather than spread from `entry`: building objects by spreading cost more here than the hash.
  const fields = {
    at: entry.at,
    actor: { kind: entry.actor.kind, id: storable(entry.actor.id) },
    kind: entry.kind,
    text: storable(entry.text),
    data: entry.data ?? {},
    incidentId,
    seq: (prev?.seq ?? 0) + 1,
    prevHash: prev?.hash ?? GENESIS_HASH,
  };
  return { ...fields, hash: hashEntry(fields) };
}

/** NUL (PostgreSQL text refuses it) and lone UTF-16 surrogates (not text at all), as U+FFFD. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Any NUL or surrogate at all: a cheap scan that spares almost every text the replace above. */
const MAYBE_UNSTORABLE = /[\u0000\ud800-\udfff]/;
const storable = (text: string): string => (MAYBE_UNSTORABLE.test(text) ? text.replace(UNSTORABLE, '\ufffd') : text);

export type ChainCheck = { readonly ok: true; readonly entries: number } | { readonly ok: false; readonly seq: number; readonly reason: string };

/** Walks the chain in order and reports the first entry whose link or content does not hold. */
export function verifyChain(entries: readonly TimelineEntry[]): ChainCheck {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.seq !== i + 1) return { ok: false, seq: e.seq, reason: `expected entry ${i + 1}, found ${e.seq} (an entry was removed or reordered)` };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, reason: 'prev_hash does not match the hash of the entry before it' };
    if (hashEntry(e) !== e.hash) return { ok: false, seq: e.seq, reason: 'content does not match its hash (the entry was changed)' };
    prev = e.hash;
  }
  return { ok: true, entries: entries.length };
}

/**
 * JSON with object keys sorted (by UTF-16 code unit) and undefined-valued keys left out, at every
 * level. Its output is hashed into stored chains, so it must never change, quirks included
 * (timeline-hash.property.test.ts holds the first implementation as the reference).
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return arrayJson(value);
  const obj = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(obj).sort()) {
    const item = obj[key];
    if (item === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

function arrayJson(items: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    // As `map(…).join(',')` wrote them first: a hole, and a function or symbol (JSON.stringify
    // gives undefined), as nothing between the commas; an undefined item as null.
    if (!(i in items)) continue;
    const json = canonicalJson(items[i]) as string | undefined;
    if (json !== undefined) out += json;
  }
  return `${out}]`;
}
