import type { Clock } from '../ports/clock';
import type { Store, Tx } from '../ports/store';
import { publicUrlOf } from '../public-urls';
import { hashSecretToken, newSecretToken } from './secret-token';
import { startSession, type NewSession } from './web-sessions';

/** A sign-in link works once, for ten minutes: long enough to open a DM, short enough to leak little. */
export const LOGIN_LINK_TTL_MS = 10 * 60_000;

export const LOGIN_PATH_PREFIX = '/login/';

/** What a sign-in link shows or did: 404 unknown, 410 used or expired. */
export type LoginLinkAnswer =
  | { readonly ok: true; readonly personId: string }
  | { readonly ok: false; readonly status: 404 | 410; readonly text: string };

/** A fresh one-time sign-in link for `personId`: `<base>/login/<token>`. */
export async function newLoginLink(tx: Tx, baseUrl: string, personId: string, now: Date): Promise<string> {
  const token = newSecretToken();
  await tx.webSessions.saveLoginToken(hashSecretToken(token), { personId, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + LOGIN_LINK_TTL_MS).toISOString() });
  return publicUrlOf(baseUrl, `${LOGIN_PATH_PREFIX}${token}`);
}

async function usable(tx: Tx, tokenHash: string, now: Date): Promise<LoginLinkAnswer> {
  const token = await tx.webSessions.findLoginToken(tokenHash);
  if (!token) return { ok: false, status: 404, text: 'This sign-in link is not valid.' };
  if (token.usedAt !== null) return { ok: false, status: 410, text: 'This sign-in link was already used. Ask for a new one with /oncall web in chat.' };
  if (Date.parse(token.expiresAt) <= now.getTime()) return { ok: false, status: 410, text: 'This sign-in link has expired (links work for 10 minutes). Ask for a new one with /oncall web in chat.' };
  return { ok: true, personId: token.personId };
}

/** `GET /login/<token>`: whom the link signs in. Changes nothing: link previews and mail scanners fetch GETs. */
export async function inspectLoginLink(deps: { store: Store; clock: Clock }, token: string): Promise<LoginLinkAnswer> {
  return usable(deps.store.read, hashSecretToken(token), deps.clock.now());
}

/** `POST /login/<token>`: uses the link up and starts a session, together; a second POST finds it used. */
export async function signInByLink(deps: { store: Store; clock: Clock }, token: string): Promise<(LoginLinkAnswer & { ok: false }) | { ok: true; session: NewSession }> {
  const tokenHash = hashSecretToken(token);
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const found = await usable(tx, tokenHash, now);
    if (!found.ok) return found;
    if (!(await tx.webSessions.useLoginToken(tokenHash, now.toISOString()))) return { ok: false, status: 410, text: 'This sign-in link was already used.' };
    return { ok: true, session: await startSession(tx, found.personId, 'link', now) };
  });
}
