import type { Catalog } from '../ports/catalog';
import type { Clock } from '../ports/clock';
import type { Store } from '../ports/store';
import { startSession, type NewSession } from './web-sessions';

/** What an OpenID Connect provider said about the user, in Tocsin's terms (the adapter reads the claims). */
export interface IdentityClaims {
  readonly subject: string;
  /** Used only when the provider does not say it is unverified. */
  readonly email?: string;
  readonly emailVerified?: boolean;
  /** Slack's `https://slack.com/user_id`. */
  readonly slackUserId?: string;
  /** Microsoft Entra's `oid`: the object id Teams knows the user by. */
  readonly entraObjectId?: string;
}

/**
 * The person a provider's user is: by Slack user id, by Entra object id (the Teams id), else by
 * a verified email the policy file gives a person. Someone it names no way signs in as an unknown
 * user, known by their email (or `oidc:<subject>`): like an unknown chat user, they may read, and
 * respond only where `access.unknown_users: respond` says so.
 */
export async function personForClaims(catalog: Catalog, claims: IdentityClaims): Promise<string> {
  const people = await catalog.people();
  const bySlack = claims.slackUserId ? people.find((p) => p.slackId === claims.slackUserId) : undefined;
  const byEntra = claims.entraObjectId ? people.find((p) => p.teamsId?.toLowerCase() === claims.entraObjectId!.toLowerCase()) : undefined;
  const email = claims.email && claims.emailVerified !== false ? claims.email.toLowerCase() : undefined;
  const byEmail = email ? people.find((p) => p.source === 'policy' && p.email?.toLowerCase() === email) : undefined;
  return (bySlack ?? byEntra ?? byEmail)?.id ?? email ?? `oidc:${claims.subject}`;
}

/** The provider vouched for the user: a session for the person they are. */
export async function signInByOidc(deps: { store: Store; clock: Clock }, claims: IdentityClaims): Promise<NewSession> {
  const personId = await personForClaims(deps.store.read.catalog, claims);
  return deps.store.transaction((tx) => startSession(tx, personId, 'oidc', deps.clock.now()));
}
