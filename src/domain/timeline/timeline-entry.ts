import { createHash } from 'node:crypto';

export type ActorKind = 'person' | 'source' | 'tocsin';

/** Who did something: a person (policy id or chat user id), a monitoring source, or Tocsin itself. */
export interface Actor {
  readonly kind: ActorKind;
  readonly id: string;
}

export const TOCSIN: Actor = { kind: 'tocsin', id: 'tocsin' };

/** What a use case asks to append; the store assigns seq and the hash chain. */
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
 */
export function hashEntry(e: Omit<TimelineEntry, 'hash'>): string {
  const body = canonicalJson({ incident: e.incidentId, seq: e.seq, at: e.at, actor: actorLabel(e.actor), kind: e.kind, text: e.text, data: e.data, prev: e.prevHash });
  return createHash('sha256').update(body).digest('hex');
}

export function chainEntry(incidentId: number, prev: { seq: number; hash: string } | undefined, entry: NewTimelineEntry): TimelineEntry {
  // Hashed as it will read back from any database: hashing text it cannot store (below) would make
  // the untouched entry fail verification.
  const actor = { ...entry.actor, id: storable(entry.actor.id) };
  const base = { ...entry, actor, text: storable(entry.text), incidentId, seq: (prev?.seq ?? 0) + 1, data: entry.data ?? {}, prevHash: prev?.hash ?? GENESIS_HASH };
  return { ...base, hash: hashEntry(base) };
}

/** NUL (PostgreSQL text refuses it) and lone UTF-16 surrogates (not text at all), as U+FFFD. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const storable = (text: string): string => text.replace(UNSTORABLE, '\ufffd');

export type ChainCheck = { readonly ok: true; readonly entries: number } | { readonly ok: false; readonly seq: number; readonly reason: string };

/** Walks the chain in order and reports the first entry whose link or content does not hold. */
export function verifyChain(entries: readonly TimelineEntry[]): ChainCheck {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.seq !== i + 1) return { ok: false, seq: e.seq, reason: `expected entry ${i + 1}, found ${e.seq} (an entry was removed or reordered)` };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, reason: 'prev_hash does not match the hash of the entry before it' };
    const { hash: _h, ...rest } = e;
    if (hashEntry(rest) !== e.hash) return { ok: false, seq: e.seq, reason: 'content does not match its hash (the entry was changed)' };
    prev = e.hash;
  }
  return { ok: true, entries: entries.length };
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}
