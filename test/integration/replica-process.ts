// One Tocsin replica as its own process, for test/integration/replicas-*.test.ts: the whole bot
// (HTTP, policy, scheduler) on DATABASE_URL, its clock and its scheduler rounds driven by the test
// over IPC, so two processes can be stepped through the same instants without sleeping.
import { start } from '../../src/main/serve';

interface Tick {
  readonly type: 'tick';
  readonly id: number;
  readonly at: string;
}
type Message = Tick | { readonly type: 'set'; readonly id: number; readonly at: string } | { readonly type: 'stop'; readonly id: number };

let now = Date.parse(process.env.REPLICA_START_AT ?? '2026-01-01T00:00:00.000Z');
const clock = { now: () => new Date(now) };
const send = (m: unknown) => process.send?.(m);

const running = await start(process.env, { clock, startScheduler: false });
send({ type: 'ready', url: running.url, pid: process.pid });

process.on('message', (raw) => {
  const m = raw as Message;
  void (async () => {
    try {
      if (m.type === 'set') now = Date.parse(m.at);
      if (m.type === 'tick') {
        now = Date.parse(m.at);
        const r = await running.scheduler.runOnce(new Date(m.at));
        send({ type: 'done', id: m.id, result: { fired: r.fired, lost: r.lost, failed: r.failed, summaries: r.summaries.map((s) => s.period) } });
        return;
      }
      if (m.type === 'stop') {
        await running.stop();
        send({ type: 'done', id: m.id });
        process.disconnect();
        return;
      }
      send({ type: 'done', id: m.id });
    } catch (e) {
      send({ type: 'error', id: m.id, message: e instanceof Error ? e.stack : String(e) });
    }
  })();
});
