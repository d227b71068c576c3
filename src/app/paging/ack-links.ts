import { createHash, randomBytes } from 'node:crypto';
import type { AckChannel } from '../ports/ack-tokens';
import { publicUrlOf } from '../public-urls';
import type { Tx } from '../ports/store';

/** A link works for a day at most; resolving the incident ends it sooner (checked when it is used). */
export const ACK_LINK_TTL_MS = 24 * 3_600_000;

/** Tokens are stored only as this hash: the table alone acknowledges nothing. */
export const hashAckToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A fresh one-click acknowledge link for one incident and one person: `<PUBLIC_URL>/ack/<token>`. */
export async function newAckLink(tx: Tx, publicUrl: string, grant: { readonly incidentId: number; readonly personId: string; readonly channel: AckChannel }, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.ackTokens.save(hashAckToken(token), { ...grant, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + ACK_LINK_TTL_MS).toISOString() });
  return publicUrlOf(publicUrl, `/ack/${token}`);
}
