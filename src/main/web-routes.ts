import type { Handler, Router } from '../adapters/http/router';
import { serverSecret } from '../adapters/db/server-secret-repo';
import { incidentActionHandler, incidentExportHandler, incidentHandler, incidentsHandler, INCIDENT_ACTION_PATH, INCIDENT_EXPORT_PATH, INCIDENT_PATH } from '../adapters/web/incident.handlers';
import { OIDC_CALLBACK_PATH } from '../adapters/web/oidc-paths';
import { meHandler, oncallHandler, rotationHandler, ROTATION_PATH, testPageHandler } from '../adapters/web/oncall.handlers';
import { LOGIN_PATH, loginLinkAction, loginLinkPage, oidcCallback, oidcStart, signinPage, signoutAction } from '../adapters/web/signin.handlers';
import { Signer } from '../adapters/web/web-cookies';
import type { WebDeps } from '../adapters/web/web-deps';
import { redirect, sendStylesheet } from '../adapters/web/web-page';
import { STYLESHEET_PATH } from '../adapters/web/web-styles';
import type { PagingSetup } from '../app/paging/paging-setup';
import type { Context } from './context';

type Guard = (handler: Handler, isFailure?: (status: number) => boolean) => Handler;

/** The key that signs session cookies: SESSION_SECRET, else one Tocsin made once and keeps in the database for every replica. */
export async function sessionSecret(ctx: Context): Promise<string> {
  return ctx.env.SESSION_SECRET ?? serverSecret(ctx.db.kysely, 'session_secret', ctx.clock.now());
}

export async function webDeps(ctx: Context, paging: PagingSetup): Promise<WebDeps> {
  const { env } = ctx;
  // openid-client is loaded only when OIDC is configured: most servers never sign in that way.
  const oidc = env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET && env.PUBLIC_URL ? (await import('../adapters/web/oidc-sign-in')).oidcSignIn({ issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, publicUrl: env.PUBLIC_URL }) : undefined;
  return {
    store: ctx.store,
    clock: ctx.clock,
    log: ctx.log,
    signer: new Signer(await sessionSecret(ctx)),
    secure: env.PUBLIC_URL?.startsWith('https:') ?? false,
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    paging,
    ...(oidc ? { oidc } : {}),
  };
}

/**
 * The web pages (SPEC "Web pages"): sign-in by one-time link or OpenID Connect, then incidents,
 * on-call and my page. Every page but sign-in needs a session; every POST a CSRF token. A wrong
 * sign-in token counts as a failed authentication, like a wrong acknowledge link.
 */
export async function registerWebRoutes(router: Router, ctx: Context, guard: Guard, paging: PagingSetup): Promise<void> {
  const deps = await webDeps(ctx, paging);
  const wrongToken = (status: number) => status === 404;
  router.on('GET', '/', (_req, res) => redirect(res, '/incidents'));
  router.on('GET', STYLESHEET_PATH, (_req, res) => sendStylesheet(res));
  router.on('GET', '/signin', signinPage(deps));
  router.on('GET', LOGIN_PATH, guard(loginLinkPage(deps), wrongToken));
  router.on('POST', LOGIN_PATH, guard(loginLinkAction(deps), wrongToken));
  router.on('POST', '/signout', signoutAction(deps));
  router.on('GET', '/auth/oidc', oidcStart(deps));
  router.on('GET', OIDC_CALLBACK_PATH, oidcCallback(deps));
  router.on('GET', '/incidents', incidentsHandler(deps));
  router.on('GET', INCIDENT_PATH, incidentHandler(deps));
  router.on('POST', INCIDENT_ACTION_PATH, incidentActionHandler(deps));
  router.on('GET', INCIDENT_EXPORT_PATH, incidentExportHandler(deps));
  router.on('GET', '/oncall', oncallHandler(deps));
  router.on('GET', ROTATION_PATH, rotationHandler(deps));
  router.on('GET', '/me', meHandler(deps));
  router.on('POST', '/me/test-page', testPageHandler(deps));
}
