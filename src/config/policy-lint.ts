import { DateTime } from 'luxon';
import { WEEKDAYS } from './policy-fields';
import { pagingFindings } from './policy-lint-paging';
import type { Finding } from './policy-path';
import type { Policy } from './policy-schema';

/**
 * Paging-path lint: a file can be valid and still page nobody. Each warning names a link of the
 * chain alert → route → service → escalation policy → rotation → person → chat that is broken.
 * Runs on a file the schema accepted; unknown references are the reference check's errors, not
 * repeated here.
 */
export function lintFindings(policy: Policy, env: Readonly<Record<string, string | undefined>>): Finding[] {
  return [...unreachablePeople(policy), ...rotationGaps(policy), ...silentPolicies(policy), ...unreachedServices(policy), ...deadRoutes(policy), ...missingTokens(policy, env), ...missingWebhookUrls(policy, env), ...pagingFindings(policy, env)];
}

function unreachablePeople(policy: Policy): Finding[] {
  return policy.people.flatMap((p, i) =>
    p.slack || p.teams || p.email ? [] : [{ at: ['people', i], message: `${p.id} cannot be reached on any platform: give a slack id, a teams id or an email` }],
  );
}

function rotationGaps(policy: Policy): Finding[] {
  return policy.rotations.flatMap((r, i): Finding[] => {
    if (r.members.length === 0) return [{ at: ['rotations', i, 'members'], message: `rotation ${r.id} has no members: nobody is on call` }];
    if (r.period !== 'weekly' || !r.handoff.weekday) return [];
    // The first shift starts at the first handoff on or after `start`; a start on another weekday
    // leaves the days in between with nobody on call.
    const start = DateTime.fromISO(r.start, { zone: 'UTC' });
    const gapDays = (WEEKDAYS.indexOf(r.handoff.weekday) + 1 - start.weekday + 7) % 7;
    if (gapDays === 0) return [];
    const first = start.plus({ days: gapDays }).toISODate();
    return [
      {
        at: ['rotations', i, 'start'],
        message: `${r.start} is not a ${r.handoff.weekday}: the first shift starts ${first} ${r.handoff.time} (${r.timezone}), so nobody is on call for the ${gapDays} day(s) from ${r.start}; start on a ${r.handoff.weekday}`,
      },
    ];
  });
}

function silentPolicies(policy: Policy): Finding[] {
  const members = new Map(policy.rotations.map((r) => [r.id, r.members.length]));
  return policy.escalation_policies.flatMap((ep, i): Finding[] => {
    if (ep.steps.length === 0) return [{ at: ['escalation_policies', i, 'steps'], message: `escalation policy ${ep.id} has no steps: it pages nobody` }];
    const targets = ep.steps.flatMap((s) => s.notify);
    const allEmpty = targets.every((t) => 'rotation' in t && members.get(t.rotation) === 0);
    return allEmpty ? [{ at: ['escalation_policies', i, 'steps'], message: `every target of escalation policy ${ep.id} is a rotation with no members: it pages nobody` }] : [];
  });
}

function unreachedServices(policy: Policy): Finding[] {
  const reached = new Set([...policy.routes.map((r) => r.service), ...policy.integrations.flatMap((x) => (x.service ? [x.service] : []))]);
  return policy.services.flatMap((s, i): Finding[] => [
    ...(reached.has(s.id) ? [] : [{ at: ['services', i], message: `no route and no integration default sends alerts to service ${s.id}: only /incident declare can open its incidents` }]),
    ...(s.escalation_policy ? [] : [{ at: ['services', i], message: `service ${s.id} has no escalation_policy: its incidents page nobody` }]),
  ]);
}

function deadRoutes(policy: Policy): Finding[] {
  const catchAll = policy.routes.findIndex((r) => (r.match ?? []).length === 0);
  if (catchAll < 0) return [];
  return policy.routes.slice(catchAll + 1).map((_, k) => ({
    at: ['routes', catchAll + 1 + k],
    message: `never matches: routes[${catchAll}] before it is a catch-all (first match wins)`,
  }));
}

function missingTokens(policy: Policy, env: Readonly<Record<string, string | undefined>>): Finding[] {
  return policy.integrations.flatMap((x, i): Finding[] =>
    env[x.token_env] ? [] : [{ at: ['integrations', i, 'token_env'], message: `${x.token_env} is not set in the environment: integration ${x.id} will refuse every webhook` }],
  );
}

/** A notify-only Teams target whose Workflows URL variable is unset: every card for it fails. */
function missingWebhookUrls(policy: Policy, env: Readonly<Record<string, string | undefined>>): Finding[] {
  return policy.services.flatMap((s, i) =>
    s.chat.flatMap((t, j): Finding[] => {
      const name = 'webhook_url_env' in t ? t.webhook_url_env : undefined;
      return name && !env[name] ? [{ at: ['services', i, 'chat', j, 'webhook_url_env'], message: `${name} is not set in the environment: service ${s.id}'s Teams cards have nowhere to go (retried, then recorded as failed)` }] : [];
    }),
  );
}
