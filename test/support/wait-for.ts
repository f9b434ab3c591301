/**
 * Resolves once `condition()` holds; rejects with `explain()` after `timeoutMs`.
 * For state that has no event to wait on (server counters, socket sets), checked
 * every 10 ms.
 */
export async function waitFor(
  condition: () => boolean,
  explain: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
