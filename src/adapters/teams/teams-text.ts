import { clipText } from '../shared/clip-text';

// Text a monitoring source or a user wrote, made to show as typed in Teams: Adaptive Card
// TextBlocks and markdown messages both parse a Markdown subset (links, emphasis, lists), messages
// also some HTML, and Teams turns `<at>Name</at>` into a mention when an entity matches it.

/**
 * CommonMark backslash escapes (which Teams honours) for what could make a link, markup or a
 * mention: `[Acknowledge here](https://evil.example)` stays those characters, `<at>Dana</at>`
 * no longer reads as a mention tag, `*` and `_` emphasise nothing.
 */
const MARKUP = /[\\`*_~[\]<>]/g;

/** A bare URL stays as Teams shows any: the address itself, never a label over another one. */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKUP, '\\$&');
}

/** Untrusted text for a card or a message: cut to `max` characters first, then escaped. */
export function teamsText(text: string, max: number): string {
  return escapeMarkdown(clipText(text, max));
}

/** A URL for `[title](url)`: characters that would end the link early are percent-encoded. */
export function markdownUrl(url: string): string {
  return url.replace(/[()<>[\] \t\r\n]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[Open INC-7 in Tocsin](<PUBLIC_URL>/incidents/INC-7)`: the incident's web page in a Markdown message (page DMs, `incident status`). */
export function incidentPageLink(url: string, ref: string): string {
  return `[Open ${escapeMarkdown(ref)} in Tocsin](${markdownUrl(url)})`;
}
