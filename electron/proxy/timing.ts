/** Waiting in the proxy: a cancellable sleep, and the signal of an exchange nobody cancels. */

/** Resolves after `ms` or when `signal` aborts, whichever comes first (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A signal that never aborts, for the proxy's own exchanges (probes, list refreshes, initialize):
 * their deadline bounds them instead. A fresh one each time, so no listener can pile up on a shared one.
 */
export function neverAborted(): AbortSignal {
  return new AbortController().signal;
}
