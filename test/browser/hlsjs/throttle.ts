/** Bytes per paced chunk: small, so that the first byte comes early as on a real link. */
const CHUNK_BYTES = 4096;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/**
 * A `fetch` for the engine's platform whose response bodies arrive at `bytesPerSecond`,
 * in small chunks: a CDN edge of limited throughput, in the page.
 */
export function throttledFetch(
  bytesPerSecond: number,
): (url: string, init: RequestInit) => Promise<Response> {
  return async (url, init) => {
    const response = await fetch(url, init);
    if (response.body === null) return response;
    const reader = response.body.getReader();
    let pending = new Uint8Array(0);
    let due = performance.now();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (pending.length === 0) {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            return;
          }
          pending = value;
        }
        const chunk = pending.subarray(0, CHUNK_BYTES);
        pending = pending.subarray(CHUNK_BYTES);
        due = Math.max(due, performance.now()) + (chunk.length * 1000) / bytesPerSecond;
        await sleep(due - performance.now());
        controller.enqueue(chunk);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    const { status, statusText, headers } = response;
    return new Response(body, { status, statusText, headers });
  };
}
