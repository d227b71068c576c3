import type { start } from '../../src/main/serve';
import { BotFrameworkIssuer } from '../fakes/bot-framework-issuer';
import { FakeBotConnector } from '../fakes/fake-bot-connector';
import type { FakeClock } from '../fakes/fake-clock';
import { FakeGraph } from '../fakes/fake-graph';
import { FakeMicrosoftLogin } from '../fakes/fake-microsoft-login';
import type { FakeSlackApiOptions } from '../fakes/fake-slack-api';
import { FakeSlackWithDms } from '../fakes/fake-slack-with-dms';
import { loopbackMsalNetworkClient } from '../fakes/msal-loopback-network';
import { TEAMS_TENANT } from './policies';

/**
 * The fake SaaS servers a booted Tocsin can be pointed at (boot-tocsin.ts): each family starts on
 * port 0 and says which settings reach it (environment, and what `start()` needs beside it). The
 * paging providers are in provider-fakes.ts, loaded only when asked for (the lazy-loading tests
 * watch which packages a test process loads).
 */
export type StartOptions = NonNullable<Parameters<typeof start>[1]>;

export interface FakesStarted {
  readonly env: Record<string, string>;
  readonly start?: StartOptions;
}

export interface FakeFamily {
  start(): Promise<FakesStarted>;
  stop(): Promise<void>;
}

export const SLACK_SIGNING_SECRET = 'tocsin-test-signing-secret';

/** Slack's Web API with DMs, on the bot's clock; SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_API_URL point at it. */
export class SlackFakes implements FakeFamily {
  readonly api: FakeSlackWithDms;

  constructor(clock: FakeClock, options: Omit<FakeSlackApiOptions, 'clock'> = {}) {
    this.api = new FakeSlackWithDms({ clock, ...options });
  }

  async start(): Promise<FakesStarted> {
    const url = await this.api.start();
    return { env: { SLACK_BOT_TOKEN: this.api.botToken, SLACK_SIGNING_SECRET: SLACK_SIGNING_SECRET, SLACK_API_URL: url } };
  }

  stop = () => this.api.stop();
}

export interface TeamsFakesOptions {
  /** With an app id the bot authenticates both ways; without, it runs anonymously. */
  readonly appId?: string;
  /** Without an app id: TEAMS_ALLOW_ANONYMOUS (default true, the Emulator setup); false leaves /api/messages off. */
  readonly allowAnonymous?: boolean;
  /** The fake Bot Connector answers 429 over Teams' documented limits (then set TEAMS_PACING: 'true' in the boot's env). */
  readonly connectorRateLimits?: boolean;
}

/** The Bot Connector, Graph, Microsoft login and the Bot Framework's token issuer, on one clock. */
export class TeamsFakes implements FakeFamily {
  readonly login: FakeMicrosoftLogin;
  readonly graph: FakeGraph;
  readonly connector: FakeBotConnector;
  readonly issuer = new BotFrameworkIssuer();

  constructor(
    clock: FakeClock,
    readonly options: TeamsFakesOptions = {},
  ) {
    this.login = new FakeMicrosoftLogin({ clock });
    this.graph = new FakeGraph({ clock, login: this.login, tenantId: TEAMS_TENANT });
    this.connector = new FakeBotConnector({ clock, ...(options.appId ? { login: this.login } : {}), rateLimits: options.connectorRateLimits ?? false });
  }

  async start(): Promise<FakesStarted> {
    await Promise.all([this.login.start(), this.graph.start(), this.connector.start(), this.issuer.start()]);
    const appId = this.options.appId;
    if (appId) this.login.addApp({ clientId: appId, clientSecret: 'app-secret', tenantId: TEAMS_TENANT });
    const env = {
      GRAPH_API_URL: this.graph.baseUrl,
      TEAMS_ALLOW_ANONYMOUS: String(this.options.allowAnonymous ?? true),
      // Tests make many calls at one instant of a stopped clock; teams-page-first.test paces.
      TEAMS_PACING: 'false',
      ...(appId ? { MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: 'app-secret', MICROSOFT_APP_TENANT_ID: TEAMS_TENANT, MICROSOFT_APP_TYPE: 'SingleTenant' } : {}),
    };
    const teams = { networkClient: loopbackMsalNetworkClient(this.login.baseUrl), ...(appId ? { botFrameworkEndpoints: this.issuer.endpoints() } : {}) };
    return { env, start: { teams } };
  }

  async stop(): Promise<void> {
    await Promise.all([this.login.stop(), this.graph.stop(), this.connector.stop(), this.issuer.stop()]);
  }
}
