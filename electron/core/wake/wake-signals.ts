import os from 'node:os';

/**
 * Signs that the machine slept or the network changed, from plain Node (so `tether serve` gets them
 * where no OS event reaches it): a timer that fires far later than asked (the process was suspended),
 * and a change of the non-internal network addresses (Wi-Fi switch, VPN up or down, new DHCP lease).
 * The desktop app adds Electron's `powerMonitor` resume on top.
 */
export type WakeReason = 'resume' | 'clock-jump' | 'network-change';

/** Pure: true when a tick due `intervalMs` after `lastTickMs` came more than `jumpMs` late. */
export function clockJumped(lastTickMs: number, nowMs: number, intervalMs: number, jumpMs: number): boolean {
  return nowMs - lastTickMs - intervalMs > jumpMs;
}

/** Pure: the external addresses of the machine, as one comparable string (order-independent). */
export function networkFingerprint(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string {
  const addresses: string[] = [];
  for (const [name, infos] of Object.entries(interfaces))
    for (const info of infos ?? [])
      if (!info.internal) addresses.push(`${name}/${info.family}/${info.address}`);
  return addresses.sort().join(',');
}

export type WakeSignalOptions = {
  onSignal: (reason: WakeReason) => void;
  intervalMs?: number;
  jumpMs?: number;
  now?: () => number;
  interfaces?: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;
};

/** Watches for both signs every `intervalMs` (2 s); returns the stop function. The timer never holds the process. */
export function watchWakeSignals(options: WakeSignalOptions): () => void {
  const intervalMs = options.intervalMs ?? 2_000;
  const jumpMs = options.jumpMs ?? 10_000;
  const now = options.now ?? Date.now;
  const interfaces = options.interfaces ?? os.networkInterfaces;
  let lastTick = now();
  let lastNetwork = networkFingerprint(interfaces());
  const timer = setInterval(() => {
    const tick = now();
    const network = networkFingerprint(interfaces());
    if (clockJumped(lastTick, tick, intervalMs, jumpMs)) options.onSignal('clock-jump');
    else if (network !== lastNetwork) options.onSignal('network-change');
    lastTick = tick;
    lastNetwork = network;
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
