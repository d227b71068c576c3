import { latestOccurrence, parseCron, type Occurrence } from '../../domain/summary/cron-schedule';
import { renderSummary, type SummaryPost } from '../../domain/summary/summary-text';
import { calcWeeklySummary } from '../../domain/summary/weekly-summary';
import type { SummaryRecord } from '../ports/catalog';
import type { Store, Tx } from '../ports/store';
import { postToChannel } from '../scheduler/chat-posts';
import { loadSummaryInput } from './summary-inputs';

export interface SummaryDeps {
  readonly store: Store;
  /** Base of the calendar feed links in the post (PUBLIC_URL), when set. */
  readonly publicUrl?: string;
}

/**
 * How late a run may be found and still be posted for a summary that has never posted: a new
 * summary (or a new installation) starts with its next run instead of posting a stale week.
 */
export const FIRST_RUN_GRACE_MS = 60 * 60_000;

export interface PostedSummary {
  readonly id: string;
  readonly period: string;
  readonly post: SummaryPost;
}

/** The post for `summary` as of `at`, built from the database (no writes). */
export async function buildSummaryPost(tx: Tx, summary: SummaryRecord, at: Date, publicUrl?: string): Promise<SummaryPost> {
  return renderSummary(calcWeeklySummary(await loadSummaryInput(tx, summary, at, publicUrl), at));
}

/**
 * Whether the latest run of a summary is still to post. Already recorded: no. Otherwise yes when
 * it is fresh, or when the summary has posted before that run (it was running, then Tocsin was
 * down or node-cron skipped the run across a clock change: catch up, once, with the latest run).
 */
export function runToPost(occurrence: Occurrence, lastRun: { readonly period: string; readonly at: string } | undefined, now: Date): boolean {
  if (lastRun?.period === occurrence.local) return false;
  if (now.getTime() - occurrence.at.getTime() <= FIRST_RUN_GRACE_MS) return true;
  return lastRun !== undefined && Date.parse(lastRun.at) < occurrence.at.getTime();
}

/**
 * Posts every summary whose latest run is due and not yet recorded. Safe to call any number of
 * times, from any number of replicas, at any moment (node-cron ticks, start-up, a periodic sweep):
 * the period is recorded in summary_posts in the same transaction that enqueues the posts, and
 * the primary key lets exactly one transaction record it.
 */
export async function postDueSummaries(deps: SummaryDeps, now: Date): Promise<PostedSummary[]> {
  const posted: PostedSummary[] = [];
  for (const summary of await deps.store.read.catalog.summaries()) {
    const schedule = parseCron(summary.cron);
    const occurrence = schedule && latestOccurrence(schedule, summary.timezone, now);
    if (!occurrence || !runToPost(occurrence, await deps.store.read.timers.lastRun(summary.id), now)) continue;
    const done = await postSummary(deps, summary, occurrence.at, occurrence.local, now);
    if (done) posted.push(done);
  }
  return posted;
}

/** Records `period` and enqueues the post to every channel, in one transaction; undefined if the period was already posted. */
export async function postSummary(deps: SummaryDeps, summary: SummaryRecord, at: Date, period: string, now: Date): Promise<PostedSummary | undefined> {
  return deps.store.transaction(async (tx) => {
    if (!(await tx.timers.recordRun(summary.id, period, now.toISOString()))) return undefined;
    const post = await buildSummaryPost(tx, summary, at, deps.publicUrl);
    for (const channel of summary.channels) {
      await postToChannel(tx, channel, { text: post.text, mentions: post.mentions, title: post.title, sections: post.sections, summary: summary.id, period }, `summary:${summary.id}:${period}:${channel.id}`);
    }
    return { id: summary.id, period, post };
  });
}
