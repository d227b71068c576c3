import type { Catalog, IntegrationRecord } from '../app/ports/catalog';

export interface LiveIntegration extends IntegrationRecord {
  readonly token: string;
}

/**
 * The webhook path checks tokens on every request, so the integrations (with their tokens read from
 * the environment named by `token_env`) are kept in memory and reloaded after `apply` and every
 * `refreshMs` (another replica may have applied a new policy). An integration whose variable is
 * unset takes no requests: `tocsin config check` warns about it.
 */
export function integrationsCache(catalog: Catalog, env: Readonly<Record<string, string | undefined>>) {
  let current: LiveIntegration[] = [];
  return {
    get: (): readonly LiveIntegration[] => current,
    async reload(): Promise<void> {
      const all = await catalog.integrations();
      current = all.flatMap((i) => {
        const token = env[i.tokenEnv];
        return token ? [{ ...i, token }] : [];
      });
    },
  };
}
