import { slackErrorCode } from './slack-errors';
import type { Delivery } from './slack-delivery';

/**
 * For the extras of a delivery (topic, invites, bookmarks): a Slack refusal of the extra itself is
 * logged and the delivery goes on, since the message matters more than its trimmings. Outages and
 * rate limits still propagate, so the whole row is retried later (its done steps are skipped).
 * `quiet` lists answers that mean "already so" and are not worth a log line.
 */
export async function bestEffort(d: Delivery, what: string, run: () => Promise<unknown>, quiet: readonly string[] = []): Promise<void> {
  try {
    await run();
  } catch (e) {
    const code = slackErrorCode(e);
    if (code === undefined || code === 'ratelimited' || code === 'rate_limited') throw e;
    if (!quiet.includes(code)) d.log.warn({ outboxId: d.row.id, kind: d.row.kind, error: code }, `${what} refused; going on without it`);
  }
}
