/**
 * Slack writes a user mention as `<@U123>` or `<@U123|name>`; commands read `@U123`. Channel
 * (`<#C1|x>`), special (`<!channel>`) and link markup stay as they are: titles keep what was typed.
 */
export function normalizeSlackMentions(text: string): string {
  return text.replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/gi, '@$1');
}
