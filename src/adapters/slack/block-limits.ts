import { clipText, ELLIPSIS } from '../shared/clip-text';
import type { SlackMessage } from './mrkdwn';

/**
 * Slack's documented limits, in characters: Block Kit reference (header, section, context,
 * actions, button, text object), chat.postMessage (`text`: truncated past 40,000, refused as
 * `msg_too_long` beyond), conversations.setTopic (`too_long` past 250). Slack refuses a message
 * over any of them as a whole (`invalid_blocks`): one 3,659-character alert summary lost the
 * announcement, its buttons and every later update.
 */
export const SLACK_LIMITS = {
  messageText: 40_000,
  /** What a plain-text fallback is cut to: Slack's advice for `text` ("ideally" under 4,000). */
  fallbackText: 4_000,
  blocks: 50,
  headerText: 150,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  contextElements: 10,
  /** A text object's own maximum, which is all a context element has. */
  textObject: 3_000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  topic: 250,
  /** bookmarks.add documents no maximum; a bookmark bar shows about this much. */
  bookmarkTitle: 80,
} as const;

/**
 * mrkdwn cut like clipText, and never inside an escape (`&amp;`) or a `<…>` we built (a mention, a
 * link): a half of one would show as debris, or swallow text up to the next `>`.
 */
export function clipMrkdwn(text: string, max: number): string {
  const clipped = clipText(text, max);
  if (clipped === text) return text;
  let body = clipped.slice(0, -ELLIPSIS.length);
  for (;;) {
    const amp = body.lastIndexOf('&');
    const open = body.lastIndexOf('<');
    const cut = Math.max(amp > body.lastIndexOf(';') ? amp : -1, open > body.lastIndexOf('>') ? open : -1);
    if (cut < 0) return `${body}${ELLIPSIS}`;
    body = body.slice(0, cut);
  }
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A text object (`{type: 'mrkdwn' | 'plain_text', text}`) within `max`. */
function fitText(value: unknown, max: number): unknown {
  if (!isObject(value) || typeof value.text !== 'string') return value;
  return { ...value, text: value.type === 'mrkdwn' ? clipMrkdwn(value.text, max) : clipText(value.text, max) };
}

function fitElement(value: unknown): unknown {
  if (!isObject(value) || value.type !== 'button') return value;
  return { ...value, text: fitText(value.text, SLACK_LIMITS.buttonText), ...(typeof value.value === 'string' ? { value: clipText(value.value, SLACK_LIMITS.buttonValue) } : {}) };
}

function fitBlock(block: Json): Json {
  const L = SLACK_LIMITS;
  switch (block.type) {
    case 'header':
      return { ...block, text: fitText(block.text, L.headerText) };
    case 'section':
      return {
        ...block,
        ...(block.text !== undefined ? { text: fitText(block.text, L.sectionText) } : {}),
        ...(block.fields !== undefined ? { fields: list(block.fields).slice(0, L.sectionFields).map((f) => fitText(f, L.fieldText)) } : {}),
      };
    case 'context':
      return { ...block, elements: list(block.elements).slice(0, L.contextElements).map((e) => fitText(e, L.textObject)) };
    case 'actions':
      return { ...block, elements: list(block.elements).slice(0, L.actionsElements).map(fitElement) };
    default:
      return block;
  }
}

/**
 * The one place a message is made to fit: every block, field, element and the `text` within
 * Slack's limits, extra blocks and fields dropped. Renderers build what they mean to say and call
 * this; the poster calls it again on whatever it sends.
 */
export function fitMessage(message: SlackMessage): SlackMessage {
  const text = clipMrkdwn(message.text, SLACK_LIMITS.messageText);
  if (!message.blocks) return { ...message, text };
  return { ...message, text, blocks: message.blocks.slice(0, SLACK_LIMITS.blocks).map((b) => fitBlock(b)) };
}

/** The same message as text alone, for when Slack refuses its blocks anyway. */
export function plainMessage(message: SlackMessage): SlackMessage {
  return { text: clipMrkdwn(message.text, SLACK_LIMITS.fallbackText) };
}
