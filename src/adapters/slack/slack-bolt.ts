import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../shared/logger';
import { boltLogger } from './bolt-logger';

export interface SlackBoltOptions {
  readonly token: string;
  /** HTTP mode (Events API, slash commands and interactivity posted to `/slack/events`). */
  readonly signingSecret?: string;
  /** Socket Mode: Slack is reached over a websocket; nothing is posted to us. */
  readonly appToken?: string;
  readonly apiUrl?: string;
  /** From `auth.test`, when it answered at start: bolt then needs no auth.test of its own. */
  readonly identity?: { readonly botId: string; readonly botUserId: string };
  readonly log: Logger;
}

export interface SlackBolt {
  readonly app: App;
  readonly mode: 'http' | 'socket';
  /** HTTP mode: bolt's request handler, mounted by Tocsin's own listener behind the signature gate. */
  readonly listener?: RequestListener;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The bolt App, in one of Slack's two ways to connect. HTTP: an HTTPReceiver that is never
 * started (Tocsin's listener serves `/slack/events` and calls its `requestListener`), with bolt's
 * own signature check off because the gate in front of it has already checked, with our clock.
 * Socket Mode (`SLACK_APP_TOKEN`): bolt's SocketModeReceiver, started and stopped with Tocsin.
 */
export function createSlackBolt(o: SlackBoltOptions): SlackBolt {
  const logger = boltLogger(o.log);
  const common = {
    token: o.token,
    logger,
    logLevel: LogLevel.INFO,
    convoStore: false as const,
    ...(o.apiUrl ? { clientOptions: { slackApiUrl: o.apiUrl } } : {}),
    ...(o.identity ? { botId: o.identity.botId, botUserId: o.identity.botUserId } : { tokenVerificationEnabled: false }),
  };
  if (o.appToken) {
    // Built here rather than by `socketMode: true`, so `apps.connections.open` also goes to SLACK_API_URL.
    const receiver = new SocketModeReceiver({ appToken: o.appToken, logger, ...(o.apiUrl ? { installerOptions: { clientOptions: { slackApiUrl: o.apiUrl } } } : {}) });
    const app = new App({ ...common, receiver });
    return { app, mode: 'socket', start: async () => void (await app.start()), stop: async () => void (await app.stop()) };
  }
  if (!o.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET');
  // processBeforeResponse stays false: ack() answers Slack at once, the work runs after (3-second rule).
  const receiver = new HTTPReceiver({ signingSecret: o.signingSecret, signatureVerification: false, logger, processBeforeResponse: false });
  const app = new App({ ...common, receiver });
  return { app, mode: 'http', listener: receiver.requestListener, start: async () => undefined, stop: async () => undefined };
}
