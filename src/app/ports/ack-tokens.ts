/** The channel a one-click acknowledge link was sent by; the timeline says "by email link" or "by push". */
export type AckChannel = 'email' | 'push';

/** A one-click acknowledge link as stored: only the SHA-256 of its token is kept. */
export interface AckTokenRecord {
  readonly incidentId: number;
  readonly personId: string;
  readonly channel: AckChannel;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
}

export interface AckTokenRepo {
  save(tokenHash: string, record: Omit<AckTokenRecord, 'usedAt'>): Promise<void>;
  find(tokenHash: string): Promise<AckTokenRecord | undefined>;
  /** Marks the token used; false when it already was (two clicks, two replicas: one wins). */
  markUsed(tokenHash: string, at: string): Promise<boolean>;
}
