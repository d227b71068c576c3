import { incidentRef } from '../domain/incident/incident';

// Every link Tocsin posts to itself starts here: `PUBLIC_URL` (its address as people reach it)
// plus a path. Chat, email, push and summaries render these; without PUBLIC_URL there are none.

/** `<base><path>`, a trailing slash on the base or none: `https://tocsin.example/` works like `https://tocsin.example`. */
export function publicUrlOf(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** The incident's web page, `<PUBLIC_URL>/incidents/INC-n`, when Tocsin knows its public address. */
export function incidentUrl(publicUrl: string | undefined, incident: { readonly number: number }): string | undefined {
  return publicUrl ? publicUrlOf(publicUrl, `/incidents/${incidentRef(incident.number)}`) : undefined;
}

/** `<PUBLIC_URL>/oncall`: every rotation in a browser, when Tocsin knows its public address. */
export function oncallUrl(publicUrl: string | undefined): string | undefined {
  return publicUrl ? publicUrlOf(publicUrl, '/oncall') : undefined;
}
