/** How a web session began: a one-time link (`/oncall web`, `tocsin login-link`) or OpenID Connect. */
export type SignInVia = 'link' | 'oidc';

/** A one-time sign-in link as stored: only the SHA-256 of its token is kept. */
export interface LoginTokenRecord {
  readonly personId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
}

/** A signed-in browser, as stored by the SHA-256 of its session id. */
export interface WebSessionRecord {
  readonly personId: string;
  readonly via: SignInVia;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface WebSessionRepo {
  saveLoginToken(tokenHash: string, record: Omit<LoginTokenRecord, 'usedAt'>): Promise<void>;
  findLoginToken(tokenHash: string): Promise<LoginTokenRecord | undefined>;
  /** Marks the link used; false when it already was (two clicks, two replicas: one wins). */
  useLoginToken(tokenHash: string, at: string): Promise<boolean>;
  saveSession(idHash: string, record: WebSessionRecord): Promise<void>;
  findSession(idHash: string): Promise<WebSessionRecord | undefined>;
  endSession(idHash: string): Promise<void>;
  /** Drops links and sessions that expired before `before`: they can never be used again. */
  purgeExpired(before: string): Promise<void>;
}
