import { parseLocalDate } from './wall-clock';

/**
 * Instants as Tocsin passes them around: ISO-8601 with a date, a time and an explicit offset
 * (`Z` or `±HH:MM`). A time with no offset names no instant, so it is refused rather than read in
 * whatever zone the server happens to run in.
 */
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export function parseInstant(text: string): Date | undefined {
  const m = ISO_INSTANT.exec(text);
  // Date.parse quietly rolls 2026-02-30 over to March; the calendar check refuses it instead.
  if (!m || !parseLocalDate(m[1])) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** The stored form: UTC with milliseconds, `2026-01-05T08:00:00.000Z`. */
export function formatInstant(at: Date): string {
  return at.toISOString();
}
