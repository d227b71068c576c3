/** What a clipped text ends with, so a reader sees it was cut. */
export const ELLIPSIS = '…';

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * `text` cut to at most `max` UTF-16 code units (what JavaScript's `length` counts; Slack and
 * Teams count no more than that), ending in "…" when cut. The cut falls on a word boundary when
 * one is near the end, and never between the two halves of a surrogate pair: an emoji is kept
 * whole or dropped, never turned into a lone surrogate that an API refuses as invalid text.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let end = max - ELLIPSIS.length;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  const space = text.lastIndexOf(' ', end);
  if (space > max * 0.8) end = space;
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}
