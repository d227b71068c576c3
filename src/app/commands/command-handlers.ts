import type { CommandKind } from '../../domain/commands/command';
import type { CommandRun, Handler, Outcome } from './command-reply';
import { CHANNEL_COMMAND } from './channel-command';
import { INCIDENT_CHANGES } from './incident-commands';
import { INCIDENT_VIEWS } from './incident-views';
import { ONCALL_VIEWS } from './oncall-commands';
import { OVERRIDE_COMMANDS } from './override-commands';
import { ROTATION_COMMANDS } from './rotation-commands';
import { TEST_PAGE_COMMAND } from './test-page-command';
import { WEB_LINK_COMMAND } from './web-link-command';

/** Every command kind and the handler that runs it; the type makes a kind without one a compile error. */
export const HANDLERS: { readonly [K in CommandKind]: Handler<K> } = {
  ...INCIDENT_CHANGES,
  ...CHANNEL_COMMAND,
  ...INCIDENT_VIEWS,
  ...ONCALL_VIEWS,
  ...OVERRIDE_COMMANDS,
  ...ROTATION_COMMANDS,
  ...TEST_PAGE_COMMAND,
  ...WEB_LINK_COMMAND,
};

export function dispatch(run: CommandRun): Promise<Outcome> {
  // The table pairs each kind with its handler; TypeScript cannot follow that through the union, hence the cast.
  const handler = HANDLERS[run.command.kind] as Handler<CommandKind>;
  return handler(run);
}
