import type { ServerResponse } from 'node:http';

const XML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text as XML character data or attribute value. */
export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => XML[c]!);

export const messageTwiml = (text: string): string => `<Response><Message>${escapeXml(text)}</Message></Response>`;

/** Says `text`; with `gatherAction`, waits for one key and posts it there. */
export function sayTwiml(text: string, gatherAction?: string): string {
  const say = `<Say>${escapeXml(text)}</Say>`;
  return gatherAction ? `<Response><Gather numDigits="1" timeout="10" action="${escapeXml(gatherAction)}" method="POST">${say}</Gather><Say>No key was pressed. Goodbye.</Say></Response>` : `<Response>${say}</Response>`;
}

export function sendTwiml(res: ServerResponse, twiml: string): void {
  res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>${twiml}`);
}
