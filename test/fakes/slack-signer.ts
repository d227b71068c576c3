import { createHmac } from 'node:crypto';
import { systemClock, type Clock } from '../../src/app/ports/clock';

/** A request as Slack would send it; spreads straight into `fetch(url, request)`. */
export interface SignedSlackRequest {
  readonly method: 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SignOptions {
  /** Unix seconds for X-Slack-Request-Timestamp; default: the signer's clock. */
  readonly timestamp?: number;
  /** Sign with another secret (a forged request). */
  readonly secret?: string;
  /** Events API redelivery: X-Slack-Retry-Num (1–3) and X-Slack-Retry-Reason (e.g. `http_timeout`). */
  readonly retryNum?: number;
  readonly retryReason?: string;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`, keyed with the signing secret. */
export function slackSignature(signingSecret: string, timestamp: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** Workspace ids the defaults use; the same as FakeSlackApi's default identity. */
const TEAM = { id: 'T0TOCSIN01', domain: 'tocsin-test', appId: 'A0TOCSINAPP', botUserId: 'U0TOCSINBOT' };

/**
 * Builds correctly signed Slack requests (slash commands, block_actions, Events API) to post at the
 * bot's `/slack/events`. The timestamp comes from the clock, so a FakeClock keeps it inside the
 * bot's 5-minute replay window when the bot shares that clock.
 */
export class SlackSigner {
  private seq = 0;

  constructor(
    readonly signingSecret: string,
    private readonly clock: Clock = systemClock,
  ) {}

  sign(rawBody: string, contentType: string, options: SignOptions = {}): SignedSlackRequest {
    const timestamp = options.timestamp ?? Math.floor(this.clock.now().getTime() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.secret ?? this.signingSecret, timestamp, rawBody),
    };
    if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
    if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;
    return { method: 'POST', headers, body: rawBody };
  }

  /** A slash command: form fields, defaults filled in like the payload Slack sends. */
  slashCommand(fields: { command: string; text?: string } & Readonly<Record<string, string>>, options?: SignOptions): SignedSlackRequest {
    const n = this.next();
    const form = {
      token: 'verification-token',
      team_id: TEAM.id,
      team_domain: TEAM.domain,
      channel_id: 'C00000001',
      channel_name: 'general',
      user_id: 'U00000001',
      user_name: 'alice',
      text: '',
      api_app_id: TEAM.appId,
      is_enterprise_install: 'false',
      response_url: `https://hooks.slack.com/commands/${TEAM.id}/${n}/fake`,
      trigger_id: `${n}.${n}.fake`,
      ...fields,
    };
    return this.sign(new URLSearchParams(form).toString(), FORM, options);
  }

  /** Interactivity: one form field `payload` holding the JSON (e.g. payloads/slack-block-actions.json). */
  blockActions(payload: object, options?: SignOptions): SignedSlackRequest {
    return this.sign(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, options);
  }

  /** A button pressed in a message of `channel`: block_actions with one button action, as Slack sends it. */
  buttonPress(press: { readonly user: string; readonly channel: string; readonly responseUrl: string; readonly actionId: string; readonly value: string; readonly blockId?: string; readonly messageTs?: string }, options?: SignOptions): SignedSlackRequest {
    return this.blockActions(
      {
        type: 'block_actions',
        user: { id: press.user, username: 'x', team_id: TEAM.id },
        api_app_id: TEAM.appId,
        token: 'verification-token',
        container: { type: 'message', message_ts: press.messageTs ?? '1.2', channel_id: press.channel, is_ephemeral: false },
        trigger_id: '1.2.x',
        team: { id: TEAM.id, domain: TEAM.domain },
        channel: { id: press.channel, name: 'incidents' },
        response_url: press.responseUrl,
        actions: [{ action_id: press.actionId, block_id: press.blockId ?? `incident:${press.value}`, text: { type: 'plain_text', text: 'x' }, value: press.value, type: 'button', action_ts: '1.3' }],
      },
      options,
    );
  }

  /** Events API: wraps `event` in an `event_callback` envelope; `envelope` overrides its fields. */
  event(event: { type: string } & Record<string, unknown>, envelope: Record<string, unknown> = {}, options?: SignOptions): SignedSlackRequest {
    const time = Math.floor(this.clock.now().getTime() / 1000);
    return this.eventEnvelope({
      token: 'verification-token',
      team_id: TEAM.id,
      api_app_id: TEAM.appId,
      event,
      type: 'event_callback',
      event_id: `Ev${String(this.next()).padStart(8, '0')}`,
      event_time: time,
      authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: TEAM.botUserId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      ...envelope,
    }, options);
  }

  /** Any Events API body as given (a fixture, or a redelivery of the same `event_id`). */
  eventEnvelope(body: object, options?: SignOptions): SignedSlackRequest {
    return this.sign(JSON.stringify(body), JSON_TYPE, options);
  }

  /** The endpoint check Slack sends when the Request URL is saved; the bot must echo `challenge`. */
  urlVerification(challenge: string, options?: SignOptions): SignedSlackRequest {
    return this.eventEnvelope({ token: 'verification-token', challenge, type: 'url_verification' }, options);
  }

  private next(): number {
    this.seq += 1;
    return this.seq;
  }
}
