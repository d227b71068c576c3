import { start } from '../src/main/serve';

// The bench's Tocsin, in its own process (forked by run.ts) so the load generator never shares its
// event loop. Configured by the environment run.ts passes, as `tocsin serve` would be; with
// BENCH_BACKGROUND=0 the scheduler and outbox workers stay stopped (the webhook path alone).
const running = await start({ ...process.env }, { startScheduler: process.env.BENCH_BACKGROUND !== '0' });
process.send?.({ url: running.url });
process.on('message', (m) => {
  if (m === 'stop') void running.stop().then(() => process.exit(0));
});
