// HTML by construction: the one way Tocsin writes markup (web pages, acknowledge links). Literal
// parts of an `html` template are markup; every value put into one is escaped unless it is itself
// the result of `html`. Titles, notes and labels come from webhooks and chat, so nothing they hold
// can become a tag, an attribute or a script.

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or as a quoted attribute value: nothing in it becomes markup. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/**
 * Markup made by `html` only: a class, not a shape, so an object that merely has an `html` field
 * (a parsed JSON body, say) is escaped like any other value instead of trusted.
 */
export class Html {
  private constructor(readonly html: string) {}

  /** @internal the template tag's constructor; never call it with text from outside. */
  static trusted(markup: string): Html {
    return new Html(markup);
  }

  toString(): string {
    return this.html;
  }
}

/** What a template takes: text and numbers (escaped), markup, lists of them, and nothing (`false`, `null`, `undefined`: omitted). */
export type HtmlValue = string | number | Html | null | undefined | false | readonly HtmlValue[];

function show(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.html;
  if (Array.isArray(v)) return v.map(show).join('');
  return escapeHtml(String(v));
}

/** Template tag: literal parts are markup, every interpolated value is escaped unless it is already Html. Attributes must be quoted. */
export function html(parts: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = parts[0]!;
  for (let i = 0; i < values.length; i++) out += show(values[i]!) + parts[i + 1]!;
  return Html.trusted(out);
}

/** A link target that cannot run script: http(s) and same-site paths only; anything else is undefined. */
export function safeHref(url: string): string | undefined {
  if (url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\')) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
