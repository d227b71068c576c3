import cron, { type ScheduledTask } from 'node-cron';
import type { SummaryRecord } from '../../app/ports/catalog';
import type { Logger } from '../shared/logger';

/**
 * node-cron as the alarm clock of the weekly summaries: one task per summary, in its zone, whose
 * tick asks the app to post whatever is due. node-cron is known to skip or double runs around
 * clock changes (node-cron#509), so a tick decides nothing: which run is due, and whether it was
 * already posted, is computed from the cron expression and the summary_posts table (see
 * app/summary/post-summaries.ts). A doubled tick finds its period recorded; a skipped one is found
 * by the scheduler's periodic sweep and at start.
 */
export function summaryCron(options: { readonly onTick: () => Promise<void>; readonly log: Logger }) {
  let tasks: ScheduledTask[] = [];
  let signature = '';

  async function stopAll(): Promise<void> {
    const old = tasks;
    tasks = [];
    for (const t of old) await t.destroy();
  }

  return {
    /** (Re)creates the tasks when the summaries changed (the policy is re-applied while Tocsin runs). */
    async sync(summaries: readonly SummaryRecord[]): Promise<void> {
      const next = JSON.stringify(summaries.map((s) => [s.id, s.cron, s.timezone]));
      if (next === signature) return;
      signature = next;
      await stopAll();
      for (const s of summaries) {
        if (!cron.validate(s.cron)) {
          options.log.warn({ summary: s.id, cron: s.cron }, 'summary cron expression not understood by node-cron; the periodic sweep still posts it');
          continue;
        }
        const task = cron.schedule(
          s.cron,
          () => options.onTick().catch((err: unknown) => options.log.error({ err, summary: s.id }, 'posting summaries failed')),
          { timezone: s.timezone, name: `summary:${s.id}`, noOverlap: true },
        );
        tasks.push(task);
      }
    },
    stop: stopAll,
  };
}
