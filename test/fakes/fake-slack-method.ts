import type { SlackChannel, SlackWorkspace } from './fake-slack-workspace';

export type SlackArgs = Readonly<Record<string, unknown>>;
export type SlackResult = { readonly ok: boolean; readonly [key: string]: unknown };

export interface MethodContext {
  readonly ws: SlackWorkspace;
  /** The user behind the token (the bot user). */
  readonly actor: string;
  hasScope(scope: string): boolean;
}

/** One Web API method: the scope it needs (checked before `run`, answered with `missing_scope`) and what it does. */
export interface SlackMethod {
  readonly scope?: (args: SlackArgs, ws: SlackWorkspace) => string | undefined;
  run(args: SlackArgs, ctx: MethodContext): SlackResult;
}

export const ok = (fields: Record<string, unknown> = {}): SlackResult => ({ ok: true, ...fields });
export const fail = (error: string, fields: Record<string, unknown> = {}): SlackResult => ({ ok: false, error, ...fields });

/** Form bodies carry every value as a string; JSON bodies may not. */
export function str(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

export function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** Public and private conversations need different scopes (`channels:*` / `groups:*`). */
export function channelScope(publicScope: string, privateScope: string, arg = 'channel') {
  return (args: SlackArgs, ws: SlackWorkspace): string => (ws.findChannel(str(args[arg]))?.is_private ? privateScope : publicScope);
}

/** The checks most conversation methods start with; a result means "answer this error". */
export function usableChannel(ctx: MethodContext, ref: unknown, needMember = true): SlackChannel | SlackResult {
  const channel = ctx.ws.findChannel(str(ref));
  if (!channel || (channel.is_private && !channel.members.includes(ctx.actor))) return fail('channel_not_found');
  if (channel.is_archived) return fail('is_archived');
  if (needMember && !channel.members.includes(ctx.actor)) return fail('not_in_channel');
  return channel;
}

export function isResult(value: SlackChannel | SlackResult): value is SlackResult {
  return 'ok' in value;
}
