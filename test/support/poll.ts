/**
 * Waits for a condition a child process or a database will make true, asking every `everyMs`
 * until `timeoutMs`. Only for what runs outside the test's control (another process, real I/O);
 * in-process code is stepped with the fake clock instead.
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined | false>, options: { timeoutMs?: number; everyMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'a condition'}`);
    await new Promise((resume) => setTimeout(resume, options.everyMs ?? 50));
  }
}
