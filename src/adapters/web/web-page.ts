import type { ServerResponse } from 'node:http';
import { DateTime } from 'luxon';
import { formatLocal } from '../../domain/summary/local-time';
import { html, type Html } from '../shared/html';
import { STYLESHEET, STYLESHEET_PATH } from './web-styles';

/**
 * No script at all, styles from this server only, forms post back here only, never framed,
 * nothing loaded from elsewhere. A title that slipped past escaping still could not run.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // Sign-in links carry their token in the path: no page sends its address to another site. Not
  // `no-referrer`: with it browsers post forms with `Origin: null`, and the Origin check needs the real one.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** The header of a signed-in page: who, where to go, and sign-out (a POST with its CSRF token). */
export interface Chrome {
  readonly viewer: string;
  readonly csrf: string;
}

export interface PageOptions {
  readonly title: string;
  readonly body: Html;
  readonly chrome?: Chrome;
  /** A line above the content: what the last action did, or why it was refused. */
  readonly notice?: { readonly text: string; readonly error?: boolean };
}

export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

function top(chrome: Chrome | undefined): Html {
  const nav = chrome
    ? html`<nav aria-label="Main"><a href="/incidents">Incidents</a><a href="/oncall">On call</a><a href="/me">Me</a></nav>
<form method="post" action="/signout">${csrfField(chrome.csrf)}<span class="muted">${chrome.viewer}</span> <button type="submit">Sign out</button></form>`
    : html``;
  return html`<header class="top"><a class="brand" href="/incidents">Tocsin</a>${nav}</header>`;
}

export function renderPage(o: PageOptions): Html {
  const notice = o.notice ? html`<p class="notice${o.notice.error ? ' error' : ''}" role="${o.notice.error ? 'alert' : 'status'}">${o.notice.text}</p>` : html``;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Tocsin</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${STYLESHEET_PATH}">
</head><body><a class="skip" href="#main">Skip to content</a>
${top(o.chrome)}
<main id="main">${notice}${o.body}</main>
</body></html>
`;
}

export function sendHtml(res: ServerResponse, status: number, page: Html, headers: Readonly<Record<string, string | string[]>> = {}): void {
  const body = page.html;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...SECURITY_HEADERS, ...headers });
  res.end(body);
}

/** 303 See Other: after a POST, the browser GETs the page again (a reload does not repeat the action). */
export function redirect(res: ServerResponse, location: string, headers: Readonly<Record<string, string | string[]>> = {}): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', 'content-length': '0', ...headers });
  res.end();
}

export function sendStylesheet(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
  res.end(STYLESHEET);
}

/** A moment in the viewer's zone (`Mon 5 Jan 2026 09:00 CET`, or `HH:mm` alone), UTC on hover. */
export function timeOf(at: string | Date, zone: string, form: 'full' | 'clock' = 'full'): Html {
  const when = typeof at === 'string' ? new Date(at) : at;
  const utc = DateTime.fromJSDate(when, { zone: 'utc' });
  const shown = form === 'full' ? formatLocal(when, zone) : DateTime.fromJSDate(when, { zone }).toFormat('HH:mm');
  return html`<time datetime="${utc.toISO()!}" title="${utc.toFormat("yyyy-LL-dd HH:mm 'UTC'")}">${shown}</time>`;
}
