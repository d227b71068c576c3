import type { ChatRefs } from '../../app/ports/chat-refs';
import type { Catalog } from '../../app/ports/catalog';
import type { SlackApi } from './slack-api';
import { slackErrorCode } from './slack-errors';

/**
 * The email Slack confirms for a user who typed a command, when the policy names somebody by
 * email only (SPEC: a chat user is a person when the file names them by Slack id, Teams id, or
 * an email Slack confirms). Asked once per user (users.info, kept in chat_refs) and only while
 * such a person exists; a user matched by Slack id needs no question.
 */
export function slackActorEmail(deps: { readonly api: SlackApi; readonly refs: ChatRefs; readonly catalog: Catalog }) {
  return async (userId: string): Promise<string | undefined> => {
    const people = await deps.catalog.people();
    if (people.some((p) => p.slackId === userId)) return undefined;
    if (!people.some((p) => p.source === 'policy' && p.email && !p.slackId)) return undefined;
    const key = `user-email:${userId}`;
    const cached = await deps.refs.get('slack', key);
    if (cached !== undefined) return cached || undefined;
    try {
      const r = await deps.api.call('users.info', { user: userId });
      const user = r.user as { profile?: { email?: unknown }; deleted?: boolean } | undefined;
      const email = !user?.deleted && typeof user?.profile?.email === 'string' ? user.profile.email : '';
      await deps.refs.set('slack', key, email);
      return email || undefined;
    } catch (e) {
      if (slackErrorCode(e) !== 'user_not_found') throw e;
      await deps.refs.set('slack', key, '');
      return undefined;
    }
  };
}
