import { describe, expect, it } from 'vitest';
import { postOnce } from '../../../src/adapters/slack/post-once';
import type { Delivery } from '../../../src/adapters/slack/slack-delivery';
import type { SlackMethod } from '../../../src/adapters/slack/slack-api';
import { FakeClock } from '../../fakes/fake-clock';

/** Slack as postOnce sees it: posts kept per channel with their metadata, history read back from them. */
function delivery(dies: boolean) {
  const refs = new Map<string, string>();
  const channels = new Map<string, { ts: string; metadata: unknown }[]>();
  const calls: string[] = [];
  let crash = dies;
  const api = {
    async call(method: SlackMethod, args: Record<string, unknown>) {
      const channel = String(args.channel);
      calls.push(`${method} ${channel}`);
      if (method === 'conversations.history') return { ok: true, messages: channels.get(channel) ?? [] };
      const posted = [...(channels.get(channel) ?? []), { ts: `${calls.length}.0`, metadata: args.metadata }];
      channels.set(channel, posted);
      // Slack took the post; the process died before it heard back.
      if (crash) {
        crash = false;
        throw new Error('killed');
      }
      return { ok: true, channel, ts: posted.at(-1)!.ts };
    },
  };
  const d = {
    api,
    refs: { get: async (_p: string, k: string) => refs.get(k), set: async (_p: string, k: string, v: string) => void refs.set(k, v) },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: new FakeClock(),
    row: { id: 7, platform: 'slack', priority: 10, orderingKey: 'page:1', kind: 'notice.incident_page', payload: {}, availableAt: '2026-01-05T08:00:00.000Z', attempts: 0, createdAt: '2026-01-05T08:00:00.000Z' },
    opening: new Map(),
  } as unknown as Delivery;
  return { d, calls, channels };
}

describe('postOnce after a crash', () => {
  it('finds the post where the first attempt sent it, even when the retry would send it elsewhere', async () => {
    const { d, calls, channels } = delivery(true);
    // The page went to the announce channel (no incident channel yet), and the process died.
    await expect(postOnce(d, 'page', 'CANNOUNCE', { text: 'page' })).rejects.toThrow('killed');
    // The retry, with the incident's channel there by now, adopts that post instead of paging twice.
    expect(await postOnce(d, 'page', 'CINCIDENT', { text: 'page' })).toEqual({ channel: 'CANNOUNCE', ts: '1.0' });
    expect(calls).toEqual(['chat.postMessage CANNOUNCE', 'conversations.history CANNOUNCE']);
    expect(channels.get('CINCIDENT')).toBeUndefined();
  });
});
