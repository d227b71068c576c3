import { DEFAULT_ACCESS, type AccessRules } from '../../domain/access/access-rules';

/**
 * The access rules kept in the `settings` row (`tocsin apply` writes them); a database applied
 * before `access:` existed, or a file without it, gets the defaults.
 */
export function accessOf(settings: { readonly access?: Partial<AccessRules> } | undefined): AccessRules {
  const a = settings?.access ?? {};
  return {
    admins: Array.isArray(a.admins) ? a.admins : DEFAULT_ACCESS.admins,
    unknownUsers: a.unknownUsers === 'respond' ? 'respond' : DEFAULT_ACCESS.unknownUsers,
    maxOverrideMs: typeof a.maxOverrideMs === 'number' && a.maxOverrideMs > 0 ? a.maxOverrideMs : DEFAULT_ACCESS.maxOverrideMs,
  };
}
