// Characters XML 1.0 forbids outright (every C0 control but tab, line feed and carriage return, and
// the non-characters U+FFFE/U+FFFF, lone surrogates): a parser refuses the whole document for one
// of them, so they are dropped rather than escaped.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as XML or HTML character data or attribute value (TwiML, the email's HTML part): the five
 * markup characters become entities, so a title `<script>` or `"><Dial>` stays text.
 */
export function escapeMarkup(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
