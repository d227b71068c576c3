import type { ServerResponse } from 'node:http';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute value: nothing in it becomes markup. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** A mark-up fragment built from escaped text only; `html` tags its literal parts as safe. */
export interface Html {
  readonly html: string;
}

/** Template tag: literal parts are markup, every interpolated value is escaped unless it is already Html. */
export function html(parts: TemplateStringsArray, ...values: readonly (string | number | Html)[]): Html {
  return { html: parts.reduce((out, part, i) => out + part + (i < values.length ? show(values[i]!) : ''), '') };
}

const show = (v: string | number | Html): string => (typeof v === 'object' ? v.html : escapeHtml(String(v)));

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
