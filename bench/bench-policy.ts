import { benchPolicy } from '../test/support/policies';

export const BENCH_TOKEN = 'bench-token-0123456789abcdef';

/** The policy the bench's Tocsin runs with (test/support/policies.ts: benchPolicy), as text. */
export const BENCH_POLICY = benchPolicy().yaml();
