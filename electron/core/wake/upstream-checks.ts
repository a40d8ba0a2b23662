import type { ControlHub } from '../hub/control-hub.js';
import type { Logger } from '../logger.js';
import { watchWakeSignals, type WakeReason } from './wake-signals.js';

/** What one round of checks reached: live proxies asked, and how many acknowledged. */
export type UpstreamCheckRound = { reason: WakeReason; proxies: number; acknowledged: number };

/**
 * After a wake or a network change, every live proxy is told to check its upstream now (control
 * command `check-upstream`) instead of finding out at the user's next call; listeners (the desktop
 * app's notification policy) hold notifications for a while. Runs in the service, so `tether serve`
 * does the same on the signals plain Node can see.
 */
export type UpstreamChecks = {
  /** Runs a round now (the desktop app calls this on powerMonitor `resume`). */
  trigger(reason: WakeReason): Promise<UpstreamCheckRound>;
  /** Called at the start of every round. */
  onCheck(listener: (reason: WakeReason) => void): () => void;
  stop(): void;
};

export function startUpstreamChecks(options: {
  /** Sends `check-upstream` to every live proxy; resolves with how many were asked and acknowledged. */
  check: () => Promise<{ proxies: number; acknowledged: number }>;
  logger: Logger;
  watch?: boolean;
}): UpstreamChecks {
  const listeners = new Set<(reason: WakeReason) => void>();
  const trigger = async (reason: WakeReason): Promise<UpstreamCheckRound> => {
    for (const listener of listeners) listener(reason);
    const result = await options.check().catch(() => ({ proxies: 0, acknowledged: 0 }));
    options.logger.info('asked live proxies to check their upstream', { reason, ...result });
    return { reason, ...result };
  };
  const stopWatching =
    options.watch === false
      ? () => undefined
      : watchWakeSignals({ onSignal: (reason) => void trigger(reason) });
  return {
    trigger,
    onCheck(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: stopWatching,
  };
}

/** Sends `check-upstream` to every live proxy of `hub` (every proxy of every key). */
export async function checkLiveProxies(hub: ControlHub): Promise<{ proxies: number; acknowledged: number }> {
  const proxies = hub.livePeers().length;
  const acks = await Promise.all(
    [...hub.liveStates().keys()].map((key) => hub.sendCommand(key, 'check-upstream')),
  );
  return { proxies, acknowledged: acks.filter((ack) => ack.ok).length };
}
