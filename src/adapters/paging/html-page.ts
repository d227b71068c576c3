import type { ServerResponse } from 'node:http';
import { html, type Html } from '../shared/html';

/**
 * A small page that works on a phone, without JavaScript. Never cached and never framed: it
 * carries a one-time link's state, and a form that acts.
 */
export function sendPage(res: ServerResponse, status: number, title: string, body: Html): void {
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font-size:1.2rem;padding:.6rem 1.4rem}</style>
</head><body>
${body}
</body></html>
`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
  });
  res.end(page.html);
}
