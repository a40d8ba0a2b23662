import { EventEmitter } from 'node:events';
import type {
  EventName,
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from '../../shared/api-contract.js';
import { TETHER_VERSION } from '../../shared/version.js';
import type { Logger } from './logger.js';
import { ensureDataDir } from './paths.js';

/** One implementation per contract channel; transports call these through `dispatchInvoke`. */
export type ApiHandlers = {
  [C in InvokeChannel]: (request: InvokeRequest<C>) => Promise<InvokeResponse<C>>;
};

export type ServiceOptions = {
  dataDir: string;
  mode: 'desktop' | 'headless';
  platform: NodeJS.Platform;
  logger: Logger;
  now?: () => Date;
};

/**
 * The Tether service: the headless heart that both the Electron app and `tether serve` run.
 *
 * It owns the domain (later: discovery, watching, timelines, the control socket) and exposes it
 * through `handlers` and a typed event stream; it knows nothing about the transport in front of it.
 */
export type TetherService = {
  handlers: ApiHandlers;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  stop(): Promise<void>;
};

export async function startService(options: ServiceOptions): Promise<TetherService> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  await ensureDataDir(options.dataDir);
  const events = new EventEmitter();
  options.logger.debug('service started', { dataDir: options.dataDir, mode: options.mode });

  const handlers: ApiHandlers = {
    'app:info': async () => ({
      version: TETHER_VERSION,
      dataDir: options.dataDir,
      platform: options.platform,
      mode: options.mode,
      startedAt,
    }),
  };

  return {
    handlers,
    subscribe(event, listener) {
      events.on(event, listener);
      return () => events.off(event, listener);
    },
    async stop() {
      events.removeAllListeners();
    },
  };
}
