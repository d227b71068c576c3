/**
 * Replay protection for signed chat requests. A Slack signature stays valid for five minutes, so
 * each accepted one is remembered (shared by every replica) until that window has closed: the
 * same signed request seen again is a replay, refused. Slack signs every delivery anew, retries
 * included, so a genuine request never arrives twice with one signature.
 */
export interface RequestSignatures {
  /** Remembers `digest` until `expiresAt`; false when it was already remembered (a replay). */
  firstUse(digest: string, expiresAt: string): Promise<boolean>;
  /** Forgets signatures whose window closed before `before`. */
  purgeExpired(before: string): Promise<number>;
}
