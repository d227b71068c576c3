import type { AbortAfter } from '../../src/adapters/shared/http-post';

/**
 * A deliverer's request timeout that fires when the test says, not when real time has passed:
 * pass `abortAfter` to the deliverer, `fire()` once the fake holds the request, read `askedMs`
 * to check the configured timeout reached it.
 */
export function manualTimeout(): { readonly abortAfter: AbortAfter; readonly askedMs: () => number | undefined; fire(): void } {
  const controller = new AbortController();
  let asked: number | undefined;
  return {
    abortAfter: (ms) => {
      asked = ms;
      return controller.signal;
    },
    askedMs: () => asked,
    fire: () => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')),
  };
}
