import type { NotificationPayload } from '../../app/ports/notification';
import { headline, oneLine } from '../shared/notification-text';

const TITLE_CHARS = 120;
const BODY_TITLE_CHARS = 1000;
/** An encoded-word is at most 75 characters (RFC 2047 §2): `=?UTF-8?B?` + 60 base64 characters + `?=`. */
const WORD_BYTES = 45;

/**
 * A header value as ntfy reads it: printable ASCII as is; anything else (a title in German,
 * Japanese, emoji) as RFC 2047 encoded-words, which ntfy decodes on every header ("Message title"
 * in ntfy's publishing docs). HTTP headers carry bytes, not UTF-8 text, so sending the raw title
 * would garble it or make fetch refuse the request. ASCII holding `=?` is encoded too, so that ntfy
 * never decodes text an alert wrote.
 */
export function ntfyHeaderValue(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('=?')) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  // Whitespace between adjacent encoded-words is not part of the text (RFC 2047 §6.2).
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}

/** An action field, quoted when it holds the header's separators (`,` `;`). */
function actionField(value: string): string {
  return /[,;"']/.test(value) ? `"${value.replace(/"/g, '%22')}"` : value;
}

export interface NtfyPublication {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The page as an ntfy message: title `INC-12 sev2: <title>`, priority 5 (max) for sev1 and 4
 * (high) otherwise, an emoji tag, a tap that opens the incident (or the acknowledge page), and an
 * Acknowledge button: an `http` action that POSTs to the one-click link from the phone and clears
 * the notification.
 */
export function ntfyPublication(n: NotificationPayload): NtfyPublication {
  const urgent = n.incident.severity === 'sev1';
  const tags = [urgent ? 'rotating_light' : 'warning', ...(n.test ? ['test_tube'] : [])];
  const click = n.incidentUrl ?? n.ackUrl;
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    Title: ntfyHeaderValue(`${n.test ? 'Test: ' : ''}${headline(n, TITLE_CHARS)}`),
    Priority: urgent ? '5' : '4',
    Tags: tags.join(','),
    ...(click ? { Click: new URL(click).href } : {}),
    ...(n.ackUrl ? { Actions: `http, Acknowledge, ${actionField(new URL(n.ackUrl).href)}, method=POST, clear=true` } : {}),
  };
  const lines = [
    ...(n.test ? ['Test page from Tocsin: nothing is wrong.'] : []),
    oneLine(n.incident.title, BODY_TITLE_CHARS) || '(no title)',
    ...(n.incident.service ? [`Service: ${oneLine(n.incident.service, 80)}`] : []),
  ];
  return { headers, body: lines.join('\n') };
}
