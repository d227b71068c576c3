import type { Logger } from 'pino';
import type { PagingSetup } from '../../app/paging/paging-setup';
import type { Clock } from '../../app/ports/clock';
import type { Store } from '../../app/ports/store';
import type { Signer } from './web-cookies';
import type { OidcSignIn } from './oidc-sign-in';

/** What the web pages work with; main builds it once. */
export interface WebDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  /** Keyed with SESSION_SECRET (or the one Tocsin made and stored). */
  readonly signer: Signer;
  /** Cookies marked Secure (and `__Host-` named): PUBLIC_URL is https. */
  readonly secure: boolean;
  readonly publicUrl?: string;
  readonly paging: PagingSetup;
  /** OpenID Connect, when OIDC_ISSUER and its client are configured. */
  readonly oidc?: OidcSignIn;
}

/** `__Host-` cookies are bound to this exact host and path `/`, and browsers take them over https only. */
export const cookieName = (deps: Pick<WebDeps, 'secure'>, name: string): string => (deps.secure ? `__Host-tocsin_${name}` : `tocsin_${name}`);
