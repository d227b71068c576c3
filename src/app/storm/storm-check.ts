import { incidentRef } from '../../domain/incident/incident';
import { DEFAULT_INCIDENTS_PER_MINUTE, STORM_MINUTE_MS, STORM_OFF, stormAfterMinute, stormCountLimit } from '../../domain/storm/storm-mode';
import { formatDuration } from '../../domain/time/duration';
import { TOCSIN } from '../../domain/timeline/timeline-entry';
import type { TimerHandler } from '../scheduler/fire-timer';
import type { Tx } from '../ports/store';
import { refreshDigest, stormNotice, stormServiceOf, type StormService } from './storm-notices';
import { stormCheckTimer, TIMER } from '../scheduler/timer-contracts';

/**
 * The `timer.storm_check` timer, due at the end of each storm minute (payload `{serviceId, startedAt}`):
 * the minute's digest gets its last refresh; then a minute with at most the threshold of new
 * incidents ends the storm (said on the timeline of every incident opened in it and in the
 * announce channel), a busier one schedules the next check. Counted up to the due time, not the
 * firing time, so a late poll decides the same.
 */
export const stormCheckHandler: TimerHandler = {
  kind: TIMER.stormCheck,
  async fire(tx, timer) {
    const serviceId = String(timer.payload.serviceId);
    const startedAt = String(timer.payload.startedAt);
    const storm = await tx.storms.active(serviceId);
    if (!storm || storm.startedAt !== startedAt) return;
    const service = await tx.catalog.service(serviceId);
    const s: StormService = service ? stormServiceOf(service) : { id: serviceId, name: serviceId };
    const end = new Date(timer.dueAt);
    const minuteAt = new Date(end.getTime() - STORM_MINUTE_MS).toISOString();
    if ((await tx.storms.digest(serviceId, minuteAt)).length > 0) await refreshDigest(tx, s, minuteAt, 'final');
    // The threshold as the policy says now (an edit mid-storm counts), else as the storm started.
    const perMinute = service ? (service.stormPerMinute ?? DEFAULT_INCIDENTS_PER_MINUTE) : storm.perMinute;
    const opened = await tx.storms.countOpened(serviceId, minuteAt, timer.dueAt, stormCountLimit(perMinute));
    if (stormAfterMinute(opened, perMinute) === 'continues') {
      await tx.timers.schedule(stormCheckTimer(serviceId, new Date(end.getTime() + STORM_MINUTE_MS).toISOString(), startedAt));
      return;
    }
    await endStorm(tx, s, perMinute, startedAt, end, opened);
  },
};

async function endStorm(tx: Tx, s: StormService, perMinute: number, startedAt: string, end: Date, opened: number): Promise<void> {
  await tx.storms.end(s.id, startedAt, end.toISOString());
  const ids = await tx.storms.incidentsOf(s.id, startedAt);
  const numbers: number[] = [];
  const lasted = formatDuration(end.getTime() - Date.parse(startedAt));
  const quiet = perMinute === STORM_OFF ? 'storm mode was turned off for the service' : `${opened} new incident${opened === 1 ? '' : 's'} in the last minute, at most ${perMinute}`;
  // In id order, the order every writer takes incident rows in.
  for (const id of ids) {
    await tx.incidents.lock(id);
    const incident = await tx.incidents.byId(id);
    if (!incident) continue;
    numbers.push(incident.number);
    await tx.timeline.append(id, { at: end.toISOString(), actor: TOCSIN, kind: 'incident.storm_ended', text: `Storm ended on ${s.name}: ${quiet}. It lasted ${lasted}.`, data: { service: s.id, stormStartedAt: startedAt } });
  }
  const span = numbers.length > 1 ? `${incidentRef(numbers[0]!)}…${incidentRef(numbers[numbers.length - 1]!)}` : numbers.map(incidentRef).join('');
  await stormNotice(tx, s, `☀️ Storm ended on ${s.name}: ${quiet}. It lasted ${lasted}; ${numbers.length} incident${numbers.length === 1 ? '' : 's'} opened during it${span ? ` (${span})` : ''}. New incidents get their own channel again.`, `ended:${startedAt}`);
}
