import { pagingPolicy } from './policies';

export { ALICE_PHONE } from './policies';

/** The paging tests' policy (test/support/policies.ts: pagingPolicy), as text. */
export const PAGING_POLICY = pagingPolicy().yaml();
