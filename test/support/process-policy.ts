import { processPolicy } from './policies';
import type { Fields, PolicyFixture } from './policy-fixture';
import { prepareTocsin, type TocsinSetup } from './tocsin-setup';

/** Moved: the process policy lives in policies.ts, installations are made by tocsin-setup.ts / boot-tocsin.ts. */
export { integrationId, PROCESS_TOKENS, processPolicy } from './policies';

export type ProcessSetup = TocsinSetup;

/** @deprecated use bootTocsinProcess (or prepareTocsin): the process policy's installation, on SQLite in `dir`. */
export function processSetup(chat: readonly Fields[] = [], policy?: PolicyFixture | string): ProcessSetup {
  return prepareTocsin({ policy: policy ?? processPolicy(chat), dirPrefix: 'tocsin-proc-' });
}
