import { FakeSlackApi, type SlackMessage } from './fake-slack-api';
import type { FakeReply, RecordedCall } from './http-fake-base';

/**
 * The shared fake plus `conversations.open`, which pages need for direct messages: each DM is a
 * private conversation named `dm-<user>` holding the bot and the user, as Slack's IM channels do.
 */
export class FakeSlackWithDms extends FakeSlackApi {
  private granted: ReadonlySet<string> | undefined;

  override setScopes(scopes: readonly string[]): void {
    super.setScopes(scopes);
    this.granted = new Set(scopes);
  }

  override reset(): void {
    super.reset();
    this.granted = undefined;
  }

  protected override route(call: RecordedCall): FakeReply {
    if (call.op !== 'conversations.open') return super.route(call);
    if (call.bearer !== this.botToken) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    const limited = this.overLimit(call);
    if (limited) return limited;
    if (this.granted && !this.granted.has('im:write')) return { status: 200, body: { ok: false, error: 'missing_scope', needed: 'im:write' } };
    const user = String((call.body as Record<string, unknown> | undefined)?.users ?? '');
    if (!this.workspace.users.has(user)) return { status: 200, body: { ok: false, error: 'user_not_found' } };
    const channel = this.channel(`dm-${user}`) ?? this.addChannel({ name: `dm-${user}`, is_private: true, members: [user] });
    return { status: 200, body: { ok: true, channel: { id: channel.id } } };
  }

  /** Direct messages the bot sent to `user`. */
  dms(user: string): SlackMessage[] {
    return this.messages(`dm-${user}`);
  }
}
