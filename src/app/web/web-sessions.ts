import type { Store, Tx } from '../ports/store';
import type { SignInVia, WebSessionRecord } from '../ports/web-sessions';
import { hashSecretToken, newSecretToken } from './secret-token';

/** A browser stays signed in for a working day (SPEC "Web pages"); then it signs in again. */
export const SESSION_TTL_MS = 12 * 3_600_000;

/** A session just begun: `id` goes in the (signed) cookie and is stored only as its hash. */
export interface NewSession {
  readonly id: string;
  readonly personId: string;
  readonly expiresAt: string;
}

/** Starts a session for `personId`, in the caller's transaction; links and sessions long expired are dropped on the way. */
export async function startSession(tx: Tx, personId: string, via: SignInVia, now: Date): Promise<NewSession> {
  const id = newSecretToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  await tx.webSessions.purgeExpired(now.toISOString());
  await tx.webSessions.saveSession(hashSecretToken(id), { personId, via, createdAt: now.toISOString(), expiresAt });
  return { id, personId, expiresAt };
}

/** The session behind a cookie's id, unless it is unknown, signed out or past its 12 hours. */
export async function sessionOf(store: Store, id: string, now: Date): Promise<WebSessionRecord | undefined> {
  const found = await store.read.webSessions.findSession(hashSecretToken(id));
  return found && Date.parse(found.expiresAt) > now.getTime() ? found : undefined;
}

/** Sign-out: the session ends on every replica at once. */
export async function endSession(store: Store, id: string): Promise<void> {
  await store.transaction((tx) => tx.webSessions.endSession(hashSecretToken(id)));
}
