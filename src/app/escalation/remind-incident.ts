import { calcReminder } from '../../domain/escalation/reminder';
import { incidentRef } from '../../domain/incident/incident';
import { formatDuration } from '../../domain/time/duration';
import { TOCSIN } from '../../domain/timeline/timeline-entry';
import { notify } from '../chat-notices';
import { incidentTimerHandler, type TimerHandler } from '../scheduler/fire-timer';
import { reminderTimer, TIMER } from '../scheduler/timer-contracts';
import { NOTICE } from '../outbox/notice-contracts';

/**
 * The reminder timer (`TIMER.incidentReminder`): one per incident, made when the incident is first paged
 * (ensureReminder) and rescheduled by itself. Each time it fires it looks at the incident again:
 * resolved (normally already cancelled) → stop; triggered → look again later; acknowledged and
 * quiet for the policy's interval → a nudge on the timeline and in the incident's channels; else
 * → look again when the quiet interval would end. So nobody has to tell it about acknowledgements.
 */
export const reminderHandler: TimerHandler = incidentTimerHandler(TIMER.incidentReminder, async (tx, incident, _timer, now) => {
  const decision = calcReminder({ status: incident.status, reminderMs: incident.escalationPolicy?.reminderMs, lastActivityAt: new Date(incident.lastActivityAt) }, now);
  if (decision.kind === 'stop') return;
  if (decision.kind === 'nudge') {
    const who = incident.assignee ?? incident.acknowledgedBy;
    const text = `Reminder: ${incidentRef(incident.number)} has been quiet for ${formatDuration(decision.quietMs)}${who ? ` (@${who})` : ''}. Post an update with /incident note, or /incident resolve.`;
    await tx.timeline.append(incident.id, { at: now.toISOString(), actor: TOCSIN, kind: 'incident.reminder', text, data: { quietMs: decision.quietMs, ...(who ? { person: who } : {}) } });
    await notify(tx, incident, NOTICE.incidentMessage, { text, mentions: who ? [who] : [] }, `reminder:${incident.id}:${now.toISOString()}`);
  }
  await tx.timers.schedule(reminderTimer(incident.id, decision.next.toISOString()));
});
