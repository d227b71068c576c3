// How an ntfy server reads a published message's headers, written from ntfy's publishing docs,
// independently of Tocsin's encoder: RFC 2047 encoded-words (B and Q, adjacent words joined) and
// the `Actions` header's short format.

const WORD = /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g;

/** A header value with its encoded-words decoded (UTF-8 and ASCII charsets). */
export function decodeHeader(value: string): string {
  // Whitespace between two encoded-words is dropped; elsewhere it is kept.
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  return joined.replace(WORD, (_all, charset: string, encoding: string, text: string) => {
    if (!/^(utf-8|us-ascii)$/i.test(charset)) throw new Error(`fake ntfy: unsupported charset ${charset}`);
    if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`);
    return decodeURIComponent(bytes);
  });
}

export interface NtfyAction {
  readonly action: string;
  readonly label: string;
  readonly url?: string;
  readonly method?: string;
  readonly clear: boolean;
  readonly body?: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Splits on `separator` outside single or double quotes, unquoting each part. */
function splitQuoted(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === separator) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (quote) throw new Error('fake ntfy: unterminated quote in Actions');
  parts.push(current.trim());
  return parts;
}

/** The `Actions` header (short or long form, up to three actions separated by `;`). */
export function parseActions(header: string): NtfyAction[] {
  return splitQuoted(header, ';')
    .filter((a) => a !== '')
    .map((text) => {
      const fields: Record<string, string> = {};
      const headers: Record<string, string> = {};
      const positional = ['action', 'label', 'url'];
      for (const part of splitQuoted(text, ',')) {
        const eq = part.indexOf('=');
        const key = eq > 0 ? part.slice(0, eq).trim() : '';
        if (/^(action|label|url|method|clear|body|intent)$/.test(key) || key.startsWith('headers.')) {
          const value = part.slice(eq + 1).trim();
          if (key.startsWith('headers.')) headers[key.slice('headers.'.length)] = value;
          else fields[key] = value;
        } else {
          const next = positional.find((p) => fields[p] === undefined);
          if (!next) throw new Error(`fake ntfy: unexpected action field ${part}`);
          fields[next] = part;
        }
      }
      if (!fields.action || !fields.label) throw new Error('fake ntfy: action without type or label');
      return {
        action: fields.action,
        label: fields.label,
        ...(fields.url !== undefined ? { url: fields.url } : {}),
        ...(fields.method !== undefined ? { method: fields.method.toUpperCase() } : fields.action === 'http' ? { method: 'POST' } : {}),
        clear: fields.clear === 'true',
        ...(fields.body !== undefined ? { body: fields.body } : {}),
        headers,
      };
    });
}
