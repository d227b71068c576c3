import { incidentRef } from '../../domain/incident/incident';
import { openHeldChannel } from '../storm/open-held-channel';
import { announce, answer } from './command-reply';
import { onIncident } from './incident-target';

/**
 * `/incident channel INC-n` (and the storm digest's button): opens the channel of an incident a
 * storm kept in the digest. Asked twice, one channel.
 */
const channel = onIncident<'incident.channel'>(async (run, incident) => {
  const ref = incidentRef(incident.number);
  switch (await openHeldChannel(run.tx, incident, run.now, run.actor)) {
    case 'opened':
      return announce(`Opening a channel for ${ref}, asked by ${run.mention(run.actor.id)}.`, incident);
    case 'already':
      return answer(`A channel for ${ref} was already asked for: it opens as soon as chat allows.`, incident);
    case 'not-held':
      return answer(`${ref} has its own channel already (it was not opened during a storm).`, incident);
  }
});

export const CHANNEL_COMMAND = { 'incident.channel': channel } as const;
