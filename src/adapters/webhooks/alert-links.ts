import type { AlertLink } from '../../domain/alert/alert';

/**
 * Links end up as buttons in chat, so only absolute http(s) URLs pass; empty strings (Alertmanager
 * sends `generatorURL: ""`) and anything else are dropped rather than failing the alert.
 */
export function httpLinks(candidates: readonly (readonly [title: string, url: string | null | undefined])[]): AlertLink[] {
  const links: AlertLink[] = [];
  for (const [title, url] of candidates) {
    if (!url || !isHttpUrl(url) || links.some((l) => l.url === url)) continue;
    links.push({ title, url });
  }
  return links;
}

export function isHttpUrl(text: string): boolean {
  const protocol = URL.parse(text)?.protocol;
  return protocol === 'http:' || protocol === 'https:';
}
