import { loopDelayMs } from '../domain/escalation/escalation-policy';
import { missingContact, type NotifyRule, type NotifyVia } from '../domain/paging/notify-rule';
import { formatDuration } from '../domain/time/duration';
import { unsetProviderVars } from './paging-providers';
import { toEscalationPolicy } from './policy-escalation';
import type { Finding } from './policy-path';
import type { Policy, PolicyPerson } from './policy-schema';

type Env = Readonly<Record<string, string | undefined>>;
const LISTS = ['notify', 'notify_urgent'] as const;

/**
 * Paging-rule lint: a person's rules that cannot do what they say. An empty list; a channel the
 * person has no contact for; a channel with no provider in the environment (it only reaches the
 * log); a rule that fires only after the escalation policy has already moved on from them.
 */
export function pagingFindings(policy: Policy, env: Env): Finding[] {
  const gaps = tightestGaps(policy);
  const reported = new Set<NotifyVia>();
  return policy.people.flatMap((person, i) =>
    LISTS.flatMap((list): Finding[] => {
      const rules = person[list];
      if (rules === undefined) return [];
      if (rules.length === 0) return [{ at: ['people', i, list], message: `${person.id}'s ${list} list is empty: paging ${person.id}${list === 'notify_urgent' ? ' for a sev1' : ''} notifies nobody` }];
      return rules.flatMap((rule, j) => [...contactFinding(person, rule, ['people', i, list, j, 'via']), ...providerFinding(env, rule.via, reported, ['people', i, list, j, 'via']), ...lateFinding(person, rule, gaps.get(person.id), ['people', i, list, j, 'after'])]);
    }),
  );
}

function contactFinding(person: PolicyPerson, rule: NotifyRule, at: Finding['at']): Finding[] {
  const missing = missingContact(person, rule.via);
  return missing ? [{ at, message: `${person.id} has ${missing}: this ${rule.via} rule reaches nobody (give ${person.id} ${rule.via === 'push' ? 'an ntfy topic' : rule.via === 'email' ? 'an email' : 'a phone'})` }] : [];
}

/** Once per channel, at the first rule that uses it. */
function providerFinding(env: Env, via: NotifyVia, reported: Set<NotifyVia>, at: Finding['at']): Finding[] {
  const unset = unsetProviderVars(env, via);
  if (unset.length === 0 || reported.has(via)) return [];
  reported.add(via);
  return [{ at, message: `${unset.join(', ')} ${unset.length === 1 ? 'is' : 'are'} not set in the environment: ${via} notifications only go to the log` }];
}

function lateFinding(person: PolicyPerson, rule: NotifyRule, gap: Gap | undefined, at: Finding['at']): Finding[] {
  if (!gap || rule.afterMs <= gap.ms) return [];
  return [{ at, message: `${person.id}'s ${rule.via} rule fires after ${formatDuration(rule.afterMs)}, but escalation policy ${gap.policy} moves from step ${gap.step} to the next step ${formatDuration(gap.ms)} after paging ${person.id}: the step would escalate before the rule fires` }];
}

interface Gap {
  readonly ms: number;
  readonly policy: string;
  /** 1-based, as users count steps. */
  readonly step: number;
}

/** Per person, the shortest time any escalation policy waits after paging them (directly or through a rotation) before its next step. */
function tightestGaps(policy: Policy): Map<string, Gap> {
  const members = new Map(policy.rotations.map((r) => [r.id, r.members]));
  const gaps = new Map<string, Gap>();
  for (const entry of policy.escalation_policies) {
    const ep = toEscalationPolicy(entry);
    ep.steps.forEach((step, i) => {
      const next = ep.steps[i + 1];
      const ms = next ? next.afterMs - step.afterMs : ep.repeat > 0 ? loopDelayMs(ep) : undefined;
      if (ms === undefined) return;
      const people = step.targets.flatMap((t) => ('person' in t ? [t.person] : 'rotation' in t ? (members.get(t.rotation) ?? []) : []));
      for (const id of people) if (!gaps.has(id) || gaps.get(id)!.ms > ms) gaps.set(id, { ms, policy: ep.id, step: i + 1 });
    });
  }
  return gaps;
}
