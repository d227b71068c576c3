import type { IncomingMessage } from 'node:http';

/** Twilio's callbacks are a few hundred bytes; a generous bound, read before anyone is known. */
export const FORM_MAX_BYTES = 64 * 1024;

/** An `application/x-www-form-urlencoded` body as fields (the last of a repeated name wins), or undefined when too large. */
export async function readForm(req: IncomingMessage, maxBytes = FORM_MAX_BYTES): Promise<Record<string, string> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}
