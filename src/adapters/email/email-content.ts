import type { NotificationPayload } from '../../app/ports/notification';
import { escapeMarkup } from '../shared/markup-escape';
import { headline, oneLine } from '../shared/notification-text';

export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Subjects stay readable in a phone's list; the body carries the title up to this many characters. */
const SUBJECT_TITLE_CHARS = 120;
const BODY_TITLE_CHARS = 2000;

const TEST_LINE = 'This is a test page from Tocsin: nothing is wrong, it checks that email reaches you.';

/**
 * The page as a mail: `[Tocsin] INC-12 sev2: <title>` (a test says so in the subject and the first
 * line), a text part and an HTML part, both with the one-click acknowledge link. Every value in
 * the HTML part is escaped (an alert's `<script>` is text); links are http(s) only (the payload
 * reader drops others).
 */
export function emailContent(n: NotificationPayload): EmailContent {
  const { ref } = n.incident;
  const subject = `[Tocsin] ${n.test ? 'Test: ' : ''}${headline(n, SUBJECT_TITLE_CHARS)}`;
  const title = oneLine(n.incident.title, BODY_TITLE_CHARS) || '(no title)';
  const facts: Array<[string, string]> = [
    ['Incident', `${ref} (${n.incident.severity})`],
    ['Title', title],
    ...(n.incident.service ? [['Service', n.incident.service] as [string, string]] : []),
  ];
  const footer = `Tocsin paged ${n.person.name ?? n.person.id} by email. Acknowledging stops the other notifications for ${ref}.`;

  const text = [
    ...(n.test ? [TEST_LINE, ''] : []),
    ...facts.map(([k, v]) => `${k}: ${v}`),
    '',
    ...(n.ackUrl ? [`Acknowledge ${ref}: ${n.ackUrl}`] : []),
    ...(n.incidentUrl ? [`Open ${ref}: ${n.incidentUrl}`] : []),
    '',
    footer,
    '',
  ].join('\n');

  const e = escapeMarkup;
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:15px;color:#222">',
    ...(n.test ? [`<p style="background:#fff4ce;padding:8px"><strong>Test.</strong> ${e(TEST_LINE)}</p>`] : []),
    `<h2 style="margin:0 0 12px">${e(ref)} ${e(n.incident.severity)}</h2>`,
    '<table cellpadding="4" style="border-collapse:collapse">',
    ...facts.map(([k, v]) => `<tr><th align="left" valign="top">${e(k)}</th><td>${e(v)}</td></tr>`),
    '</table>',
    ...(n.ackUrl ? [`<p style="margin:20px 0"><a href="${e(n.ackUrl)}" style="background:#c62828;color:#fff;padding:10px 18px;text-decoration:none;border-radius:4px">Acknowledge ${e(ref)}</a></p>`] : []),
    ...(n.incidentUrl ? [`<p><a href="${e(n.incidentUrl)}">Open ${e(ref)}</a></p>`] : []),
    `<p style="color:#666;font-size:12px">${e(footer)}</p>`,
    '</body></html>',
  ].join('\n');

  return { subject, text, html };
}
