/**
 * The announcement's buttons. Each runs the same command as typing it, through the shared parser:
 * `tocsin.ack` with value `INC-7` is `/incident ack INC-7`.
 */
export const INCIDENT_ACTIONS = {
  'tocsin.ack': { verb: 'ack', label: 'Acknowledge', style: 'primary' },
  'tocsin.resolve': { verb: 'resolve', label: 'Resolve', style: undefined },
  'tocsin.escalate': { verb: 'escalate', label: 'Escalate', style: 'danger' },
} as const;

export type IncidentActionId = keyof typeof INCIDENT_ACTIONS;

/**
 * The storm digest's "Open channel" buttons: `/incident channel INC-n`. One per incident in one
 * block, and Slack wants action ids unique in a block, hence the number after the dot.
 */
export const channelActionId = (number: number) => `tocsin.channel.${number}`;

export const INCIDENT_ACTION_PATTERN = /^tocsin\.(ack|resolve|escalate|channel\.\d{1,9})$/;

/** The command text a button press stands for, or undefined for a value that is not an incident ref. */
export function commandOfAction(actionId: string, value: string | undefined): string | undefined {
  const verb = /^tocsin\.channel\.\d{1,9}$/.test(actionId) ? 'channel' : INCIDENT_ACTIONS[actionId as IncidentActionId]?.verb;
  if (!verb || !value || !/^INC-\d{1,9}$/.test(value)) return undefined;
  return `/incident ${verb} ${value}`;
}
