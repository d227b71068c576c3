import { CARD_ACTIONS } from './incident-card';

const byVerb = new Map<string, string>(CARD_ACTIONS.map((a) => [a.verb, a.command]));
const commands = new Set<string>(CARD_ACTIONS.map((a) => a.command));
const REF = /^INC-\d{1,9}$/i;

const record = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

function commandText(command: unknown, incident: unknown): string | undefined {
  if (typeof command !== 'string' || !commands.has(command)) return undefined;
  if (typeof incident !== 'string' || !REF.test(incident)) return undefined;
  return `/incident ${command} ${incident.toUpperCase()}`;
}

/**
 * A card button press as the command it stands for, so it goes through the same parser, the same
 * handlers and the same timeline record as a typed command. Universal Actions arrive as an
 * `adaptiveCard/action` invoke (`value.action.verb` + `data`); `Action.Submit` (older clients,
 * cards other bots built) as a message whose `value` is the button's `data`.
 */
export function cardActionCommand(activity: { type?: string; name?: string; value?: unknown }): string | undefined {
  const value = record(activity.value);
  if (!value) return undefined;
  if (activity.type === 'invoke') {
    if (activity.name !== 'adaptiveCard/action') return undefined;
    const action = record(value.action);
    if (action?.type !== 'Action.Execute') return undefined;
    const data = record(action.data) ?? {};
    return commandText(byVerb.get(String(action.verb)) ?? data.command, data.incident);
  }
  return activity.type === 'message' ? commandText(value.command, value.incident) : undefined;
}

/** The body Teams expects in answer to an `adaptiveCard/action` invoke: a short message the presser sees. */
export function invokeMessage(text: string): { statusCode: number; type: string; value: string } {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}

/** Teams' error body for an invoke Tocsin does not handle (same as botbuilder's ActivityHandler). */
export function invokeNotSupported(what: string): { statusCode: number; type: string; value: { code: string; message: string } } {
  return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'NotSupported', message: `The action '${what}' is not supported.` } };
}
