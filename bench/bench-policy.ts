import { benchPolicy, BENCH_TOKEN } from '../test/support/policies';

/** The bench's policy as YAML, built with the one policy builder (test/support/policy-fixture.ts). */
export const BENCH_POLICY = benchPolicy().yaml();
export { BENCH_TOKEN };
