import type { z } from 'zod';
import type { IncomingAlert } from '../../domain/alert/alert';
import { fail, type Problem, type Result } from '../../domain/problem';

import { INTEGRATION_KINDS, type IntegrationKind } from '../../domain/alert/integration-kind';

export const WEBHOOK_KINDS = INTEGRATION_KINDS;
export type WebhookKind = IntegrationKind;

/** What a source's body means, in the core's terms, plus what the answer needs. */
export interface ParsedWebhook {
  readonly alerts: readonly IncomingAlert[];
  /** The key the sender correlates on, echoed in the answer (PagerDuty and generic `dedup_key`). */
  readonly dedupKey?: string;
}

/** One incident an ingest touched (opened, updated, acknowledged or resolved). */
export interface TouchedIncident {
  /** `INC-12` */
  readonly ref: string;
  /** The alert's groupKey / dedup key that led there. */
  readonly dedupKey: string;
}

/** What the ingest use case reports back; the webhook answer lists it. */
export interface IngestOutcome {
  readonly incidents: readonly TouchedIncident[];
}

/**
 * Validates with `schema` and maps the value; every zod issue becomes a Problem with a path like
 * `alerts[0].labels.severity`. The mapper may add its own problems (rules zod cannot say).
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  body: unknown,
  map: (value: z.output<S>) => Result<ParsedWebhook>,
): Result<ParsedWebhook> {
  const parsed = schema.safeParse(body, PARSE_PARAMS);
  if (!parsed.success) return fail(...parsed.error.issues.map(toProblem));
  return map(parsed.data);
}

export function problemPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? '(body)' : out;
}

/** A missing field reads "required" rather than zod's "expected string, received undefined". */
const PARSE_PARAMS: z.core.ParseContext<z.core.$ZodIssue> = { error: (issue) => (issue.input === undefined ? 'required' : undefined) };

function toProblem(issue: z.core.$ZodIssue): Problem {
  return { path: problemPath(issue.path), message: issue.message };
}


/** Drops absent values (`undefined`, `null`, `""`) so details hold only what the source said. */
export function presentOnly<T>(record: Readonly<Record<string, T | null | undefined>>): Record<string, T> {
  const kept: Record<string, T> = {};
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value !== undefined && value !== null && value !== '') kept[key] = value;
  }
  return kept;
}
