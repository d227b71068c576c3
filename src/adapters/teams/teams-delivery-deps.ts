import type { Logger } from 'pino';
import type { Clock } from '../../app/ports/clock';
import { incidentUrl } from '../../app/public-urls';
import type { DeliveryResult } from '../../app/ports/outbox';
import type { Store } from '../../app/ports/store';
import type { Pacer } from '../shared/paced-calls';
import type { GraphChannels } from './graph-channels';
import type { TeamsNotice } from './teams-notices';
import type { TeamsPoster } from './teams-poster';
import type { TeamsState } from './teams-state';

/** What the Teams deliverer works with; main builds it once. */
export interface TeamsDeliveryDeps {
  readonly poster: TeamsPoster;
  /** Paces Bot Connector calls by Teams' documented limits, pages first (teams-pacing.ts); absent: not paced. */
  readonly pacer?: Pacer;
  /** Absent without Graph credentials: incidents then always get a thread. */
  readonly graph?: GraphChannels;
  readonly state: TeamsState;
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  /**
   * No app id: nothing Teams sent proves who it was, and Teams itself would refuse our calls. A
   * team Tocsin has never heard from is then local mode: the message goes to the log.
   */
  readonly anonymous: boolean;
  /** How many tries Graph gets (429, 5xx) before the incident falls back to a thread. */
  readonly graphAttempts: number;
  /** The process environment: notify-only targets name the variable that holds their webhook URL. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** PUBLIC_URL: incident cards and page messages link to the incident's web page when it is set. */
  readonly publicUrl?: string;
}

/** `{ pageUrl }` for an incident card, when Tocsin knows its public address; `{}` otherwise. */
export function pageUrlOf(deps: Pick<TeamsDeliveryDeps, 'publicUrl'>, incident: { readonly number: number }): { readonly pageUrl?: string } {
  const pageUrl = incidentUrl(deps.publicUrl, incident);
  return pageUrl ? { pageUrl } : {};
}

/** Local mode for a target whose team never installed the bot (anonymous only): say it in the log, call it delivered. */
export function logLocally(deps: TeamsDeliveryDeps, notice: TeamsNotice): DeliveryResult {
  deps.log.info({ platform: 'teams', kind: notice.kind, incident: notice.incident.ref, team: notice.target.team, text: notice.text }, `local mode (Teams): would post ${notice.kind} for ${notice.incident.ref}`);
  return { kind: 'delivered', result: { local: true } };
}
