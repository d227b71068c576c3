import { incidentRef } from '../incident/incident';

/**
 * Storm mode (SPEC "Alert storms"): when a service opens more incidents in a minute than its
 * threshold, its incidents are still opened, recorded and paged, but they get no channel of their
 * own until someone asks; they are listed in a digest in the announce channel, one per minute.
 * Pure decisions: the counts are read by the caller, `now` is passed in.
 */

/** `storm.incidents_per_minute` when a service does not set it. */
export const DEFAULT_INCIDENTS_PER_MINUTE = 10;

/** `storm.incidents_per_minute: 0`: no limit, the service never storms (0 is "no limit" for Tocsin's other limits too). */
export const STORM_OFF = 0;

/** The window the threshold counts over, and the length of one digest. */
export const STORM_MINUTE_MS = 60_000;

/** What opening one more incident means for its service: `starts` and `continues` hold its channel back. */
export type StormOnOpen = 'calm' | 'starts' | 'continues';

/**
 * Decided when an incident opens. `openedInLastMinute` counts the service's incidents opened in
 * the 60 s up to now, this one included: the storm starts when that exceeds the threshold.
 */
export function stormOnOpen(inStorm: boolean, openedInLastMinute: number, perMinute: number): StormOnOpen {
  if (inStorm) return 'continues';
  return perMinute !== STORM_OFF && openedInLastMinute > perMinute ? 'starts' : 'calm';
}

/**
 * At the end of each storm minute: a full minute with at most the threshold of new incidents ends
 * it, and so does storm mode turned off while it lasted.
 */
export function stormAfterMinute(openedInMinute: number, perMinute: number): 'ends' | 'continues' {
  return perMinute === STORM_OFF || openedInMinute <= perMinute ? 'ends' : 'continues';
}

/**
 * How far the decisions above need a service's incidents counted: one past the threshold tells a
 * storm, and counting further would cost time that grows with the storm itself (at hundreds of
 * incidents a second, a window of tens of thousands counted again for each). 0 when storm mode is
 * off: nothing to count.
 */
export function stormCountLimit(perMinute: number): number {
  return perMinute === STORM_OFF ? 0 : perMinute + 1;
}

/**
 * The storm minute `now` falls in, counted from the storm's start (the first is
 * `[startedAt, startedAt + 60 s)`): each has one digest, and its end is when the storm is checked.
 */
export function stormMinute(startedAt: string, now: Date): { readonly start: string; readonly end: string } {
  const origin = Date.parse(startedAt);
  const index = Math.max(0, Math.floor((now.getTime() - origin) / STORM_MINUTE_MS));
  const start = origin + index * STORM_MINUTE_MS;
  return { start: new Date(start).toISOString(), end: new Date(start + STORM_MINUTE_MS).toISOString() };
}

/** How often at most a digest is refreshed while its minute runs (plus once when it ends). */
export const DIGEST_REFRESH_MS = 5_000;

/**
 * Which refresh of its minute's digest an incident opened at `now` asks for: every incident of one
 * slot shares one outbox row (its dedup key), so a storm of any size costs a digest at most
 * 60 s / DIGEST_REFRESH_MS updates a minute, each re-reading what the minute holds at delivery.
 */
export function digestSlot(now: Date): number {
  return Math.floor(now.getTime() / DIGEST_REFRESH_MS);
}

export interface DigestIncident {
  readonly number: number;
  readonly title: string;
  /** Someone asked for its channel (acknowledged it, pressed its button, typed /incident channel). */
  readonly channelAsked?: boolean;
}

/** What a digest says, for every chat platform to render (titles are untrusted text: the renderer escapes). */
export interface StormDigest {
  readonly count: number;
  /** `INC-40…INC-53`, or the one ref. */
  readonly span: string;
  /** The most frequent titles, most first (ties: first seen first). */
  readonly top: readonly { readonly title: string; readonly count: number }[];
  readonly refs: readonly string[];
}

export function summarizeDigest(incidents: readonly DigestIncident[], topN = 3): StormDigest {
  const sorted = [...incidents].sort((a, b) => a.number - b.number);
  const counts = new Map<string, number>();
  for (const i of sorted) counts.set(i.title, (counts.get(i.title) ?? 0) + 1);
  const top = [...counts.entries()].map(([title, count]) => ({ title, count })).sort((a, b) => b.count - a.count).slice(0, topN);
  const refs = sorted.map((i) => incidentRef(i.number));
  const span = refs.length > 1 ? `${refs[0]}…${refs[refs.length - 1]}` : (refs[0] ?? '');
  return { count: sorted.length, span, top, refs };
}

/** The digest's line: "14 new incidents on payments in the last minute: INC-40…INC-53, top alerts: …". `text` escapes titles. */
export function digestLine(service: string, d: StormDigest, text: (s: string) => string = (s) => s): string {
  const top = d.top.map((t) => `${text(t.title)} (${t.count})`).join(', ');
  return `${d.count} new incident${d.count === 1 ? '' : 's'} on ${text(service)} in the last minute: ${d.span}${top ? `, top alerts: ${top}` : ''}`;
}
