import { existsSync, readFileSync } from 'node:fs';
import { applyPolicy } from '../app/policy/apply-policy';
import { checkPolicyText } from '../config/policy-check';
import type { Context } from './context';

/**
 * On start, the policy file (TOCSIN_CONFIG, or ./tocsin.yml when present) is applied, so editing it
 * and restarting is enough. A file with errors is not applied: Tocsin keeps paging with the last
 * good policy in the database and says so loudly, rather than refusing to start at 3 a.m.
 */
export async function applyPolicyFileOnStart(ctx: Context, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const file = env.TOCSIN_CONFIG ?? (existsSync('./tocsin.yml') ? './tocsin.yml' : undefined);
  if (!file) {
    ctx.log.info('no policy file (TOCSIN_CONFIG or ./tocsin.yml): using the policy already in the database');
    return;
  }
  if (!existsSync(file)) {
    ctx.log.error({ file }, 'policy file not found: using the policy already in the database');
    return;
  }
  const check = checkPolicyText(readFileSync(file, 'utf8'), env, { now: ctx.clock.now() });
  for (const w of check.warnings) ctx.log.warn({ file, path: w.path }, `policy warning: ${w.message}`);
  if (!check.policy) {
    for (const e of check.errors) ctx.log.error({ file, path: e.path }, `policy error: ${e.message}`);
    ctx.log.error({ file }, 'policy file NOT applied: fix it (tocsin config check) — paging continues with the last applied policy');
    return;
  }
  const report = await applyPolicy(ctx, check.policy);
  ctx.log.info({ file, changes: report.changes.length }, report.changes.length ? 'policy file applied' : 'policy file unchanged');
}
