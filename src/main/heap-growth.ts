import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full GC found live before it collects
 * again, for `tocsin serve`. Left to itself V8 picks up to 4× when allocation is fast, as in a
 * webhook storm: about 30 MiB live became 100 MiB committed, and the storm's peak RSS swung from
 * 206 to 254 MiB between runs of the same bench. At 30% the heap follows the live set, and the
 * price is more frequent (mostly concurrent) marking of a small heap.
 */
export const HEAP_GROWING_PERCENT = 30;

const FLAG = /^--heap[-_]growing[-_]percent(=|$)/;

/**
 * Sets V8's heap growing factor unless whoever started node chose one (`node --heap-growing-percent=N`).
 * V8 reads it at each full GC, so setting it once the process runs takes effect from the next one.
 * Returns the percent in force when Tocsin set it, undefined when it left node's own.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): number | undefined {
  if (execArgv.some((arg) => FLAG.test(arg))) return undefined;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return HEAP_GROWING_PERCENT;
}
