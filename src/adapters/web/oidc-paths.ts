/**
 * Where the provider sends the browser back. Apart from oidc-sign-in.ts so the routes can name it
 * without loading openid-client, which main imports only when OIDC is configured.
 */
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
