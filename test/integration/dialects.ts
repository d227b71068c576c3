// Moved to test/support/dialects.ts (issue 12, item 6). Kept only so tests written in parallel still import it: remove once merged.
export * from '../support/dialects';
