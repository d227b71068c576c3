import { ELLIPSIS } from '../shared/clip-text';

/**
 * How much of each untrusted text a Teams message shows, and how big the whole may be. Teams
 * documents no per-field limit for Adaptive Card text, only the message: 28 KB through a
 * Workflows webhook (the notify-only path; bot messages may be larger), counted as UTF-16, two
 * bytes a character. Past it the post is refused (413 MessageSizeTooBig) and nothing is shown.
 */
export const TEAMS_LIMITS = {
  messageBytes: 28 * 1024,
  title: 1_000,
  /** A line of text (a change, a page, a command's answer); escaped it may double, and still fits. */
  line: 6_000,
  fact: 200,
  linkTitle: 100,
  /** A longer link is left out: a URL cannot be cut. */
  url: 2_048,
  links: 10,
} as const;

/** The size Teams counts: the JSON as UTF-16. */
export const teamsBytes = (activity: unknown): number => JSON.stringify(activity).length * 2;

type Slot = { readonly holder: Record<string, unknown>; readonly key: string };

/** Texts that may be shortened: card and message text, fact values; never one carrying an `<at>` mention. */
function clippable(node: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(node)) for (const v of node) clippable(v, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const [key, v] of Object.entries(o)) {
      if ((key === 'text' || key === 'value') && typeof v === 'string' && !v.includes('<at>')) out.push({ holder: o, key });
      else clippable(v, out);
    }
  }
  return out;
}

/**
 * The activity within TEAMS_LIMITS.messageBytes: the longest text is halved (ending in "…", never
 * leaving a dangling `\` escape) until it fits. The renderers clip each field already; this only
 * acts when many long fields add up. Returns a copy.
 */
export function fitActivity<T extends Record<string, unknown>>(activity: T): T {
  if (teamsBytes(activity) <= TEAMS_LIMITS.messageBytes) return activity;
  const copy = structuredClone(activity);
  const slots = clippable(copy);
  while (teamsBytes(copy) > TEAMS_LIMITS.messageBytes) {
    const longest = slots.reduce<Slot | undefined>((a, s) => (!a || String(s.holder[s.key]).length > String(a.holder[a.key]).length ? s : a), undefined);
    const text = longest ? String(longest.holder[longest.key]) : '';
    if (!longest || text.length <= 2 * ELLIPSIS.length) break;
    let cut = Math.floor(text.length / 2);
    if (/[\ud800-\udbff]/.test(text.charAt(cut - 1))) cut--;
    longest.holder[longest.key] = `${text.slice(0, cut).replace(/\\+$/, '')}${ELLIPSIS}`;
  }
  return copy;
}
