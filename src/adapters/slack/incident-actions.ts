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

export const INCIDENT_ACTION_PATTERN = /^tocsin\.(ack|resolve|escalate)$/;

/** The command text a button press stands for, or undefined for a value that is not an incident ref. */
export function commandOfAction(actionId: string, value: string | undefined): string | undefined {
  const action = INCIDENT_ACTIONS[actionId as IncidentActionId];
  if (!action || !value || !/^INC-\d{1,9}$/.test(value)) return undefined;
  return `/incident ${action.verb} ${value}`;
}
