import type { Severity } from '../incident/severity';
import type { NotifyVia } from '../paging/notify-rule';
import type { Weekday } from '../time/wall-clock';

/**
 * Who a command names: a mention as the adapters normalize it (`@U123` in Slack, `@<aad id>` in
 * Teams, `@alice` from the CLI), or `me`, the person who typed the command.
 */
export type PersonRef = { readonly kind: 'mention'; readonly id: string } | { readonly kind: 'self' };

/**
 * A wall-clock moment as typed: a date (`2026-12-24`), a time (`18:00`) or both. It means
 * nothing until read in a zone (see resolveSpan); `offset` (`Z`, `+01:00`) pins it when typed.
 */
export interface WallClock {
  readonly date?: string;
  readonly time?: string;
  readonly offset?: string;
}

/** `now` or a wall-clock moment. */
export type SpanPoint = { readonly kind: 'now' } | ({ readonly kind: 'at' } & WallClock);

/** A span as typed: `2h`, `for 3h`, `until 18:00`, `<from> <to>`. Resolved by resolveSpan. */
export type SpanSpec =
  | { readonly kind: 'for'; readonly ms: number }
  | { readonly kind: 'until'; readonly end: WallClock }
  | { readonly kind: 'between'; readonly start: SpanPoint; readonly end: WallClock };

/** The policy file's rotation periods: `weekly`, `daily` or every N days. */
export type RotationPeriod = 'daily' | 'weekly' | { readonly days: number };

export type { Weekday } from '../time/wall-clock';

/**
 * Every chat command, parsed. `incident` is absent when the command did not name one: inside an
 * incident channel the channel picks it, elsewhere the caller refuses.
 */
export type Command =
  | { readonly kind: 'incident.declare'; readonly title: string; readonly severity?: Severity; readonly service?: string }
  | { readonly kind: 'incident.ack'; readonly incident?: number }
  | { readonly kind: 'incident.resolve'; readonly incident?: number; readonly summary?: string }
  | { readonly kind: 'incident.note'; readonly incident?: number; readonly text: string }
  | { readonly kind: 'incident.sev'; readonly incident?: number; readonly severity: Severity }
  | { readonly kind: 'incident.assign'; readonly incident?: number; readonly person: PersonRef }
  | { readonly kind: 'incident.escalate'; readonly incident?: number }
  | { readonly kind: 'incident.status'; readonly incident?: number }
  | { readonly kind: 'incident.timeline'; readonly incident?: number }
  | { readonly kind: 'incident.channel'; readonly incident?: number }
  | { readonly kind: 'incident.list' }
  | { readonly kind: 'incident.help' }
  | { readonly kind: 'oncall.now'; readonly rotation?: string }
  | { readonly kind: 'oncall.next'; readonly rotation?: string }
  | { readonly kind: 'oncall.schedule'; readonly rotation: string; readonly weeks?: number }
  | { readonly kind: 'oncall.cover'; readonly rotation?: string; readonly person: PersonRef; readonly span: SpanSpec }
  | { readonly kind: 'oncall.override'; readonly rotation: string; readonly person: PersonRef; readonly span: SpanSpec }
  | { readonly kind: 'oncall.overrides'; readonly rotation?: string }
  | { readonly kind: 'oncall.override.remove'; readonly id: string }
  | {
      readonly kind: 'oncall.rotation.create';
      readonly rotation: string;
      readonly period?: RotationPeriod;
      readonly weekday?: Weekday;
      readonly handoffTime?: string;
      readonly zone?: string;
    }
  | { readonly kind: 'oncall.rotation.add'; readonly rotation: string; readonly person: PersonRef; readonly position?: number }
  | { readonly kind: 'oncall.rotation.remove'; readonly rotation: string; readonly person: PersonRef }
  | { readonly kind: 'oncall.rotation.move'; readonly rotation: string; readonly person: PersonRef; readonly position: number }
  | { readonly kind: 'oncall.test'; readonly via?: NotifyVia }
  | { readonly kind: 'oncall.web' }
  | { readonly kind: 'oncall.help' };

export type CommandKind = Command['kind'];
export type CommandOf<K extends CommandKind> = Extract<Command, { readonly kind: K }>;

/** A refusal carries the usage line of the command meant, for a short answer in chat. */
export type ParseResult =
  | { readonly ok: true; readonly command: Command }
  | { readonly ok: false; readonly usage: string; readonly message: string };
