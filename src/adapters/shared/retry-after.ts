/**
 * `Retry-After` as milliseconds from `nowMs`: either delay-seconds or an HTTP-date (RFC 9110
 * §10.2.3). Anything else, and a date already past, gives undefined (the caller's own backoff).
 * Capped at a day: a provider's typo must not park a page for a year.
 */
export function retryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
    if (ms < 0) return undefined;
  }
  return Math.round(Math.min(ms, MAX_RETRY_AFTER_MS));
}

const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
