import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits as 43 base64url characters: a sign-in link or a session id. */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');

/** Secrets are stored only as this hash: the table alone signs nobody in. */
export const hashSecretToken = (token: string): string => createHash('sha256').update(token).digest('hex');
