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
import type { ServerWatcherOptions } from './clients/server-watcher.js';
import { currentPathEnv, ensureDataDir, type PathEnv } from './paths.js';
import type { LiveTimelinesOptions } from './timeline/live-timelines.js';
import { startLogViewer } from './log-viewer/log-viewer.js';
import { startServiceMetrics, type MetricsEndpoint } from './metrics/service-metrics.js';
import { startSettings, type SettingsPart } from './settings/settings-handlers.js';
import { checkLiveProxies, startUpstreamChecks, type UpstreamChecks } from './wake/upstream-checks.js';
import { StatusCore } from './status/status-core.js';
import { statusHandlers } from './status/status-handlers.js';

/** One implementation per contract channel; transports call these through `dispatchInvoke`. */
export type ApiHandlers = {
  [C in InvokeChannel]: (request: InvokeRequest<C>) => Promise<InvokeResponse<C>>;
};

/** What startService needs: the data folder, desktop or headless, and where clients keep their files. */
export type ServiceOptions = {
  dataDir: string;
  mode: 'desktop' | 'headless';
  platform: NodeJS.Platform;
  logger: Logger;
  now?: () => Date;
  /** Where clients keep their configs and logs; the process's own environment by default. */
  pathEnv?: PathEnv;
  /** Tuning of the config watcher (tests shorten the debounce); `false` runs without it. */
  clients?: Partial<Pick<ServerWatcherOptions, 'debounceMs' | 'rescanMs'>> | false;
  /** Tuning of the log tailer (tests shorten the poll); `false` runs without logs and hub. */
  logs?: Partial<Pick<LiveTimelinesOptions, 'windowMs' | 'backfillBytes' | 'pollMs'>> | false;
  /** Where OTEL_EXPORTER_OTLP_* are read (OTLP export); the process's environment by default. */
  env?: Readonly<Record<string, string | undefined>>;
};

/**
 * The Tether service: the headless heart that both the Electron app and `tether serve` run.
 *
 * It owns the domain (live timelines over the client logs and the control socket, the live list of
 * every client's servers from their watched config files) and exposes it
 * through `handlers` and a typed event stream; it knows nothing about the transport in front of it.
 */
export type TetherService = {
  handlers: ApiHandlers;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** `/metrics` (Prometheus text); OTLP export runs inside the service when configured. */
  metrics: MetricsEndpoint;
  /** The settings file (the desktop shell also keeps its window bounds and pause there). */
  settings: SettingsPart;
  /** Wake and network-change handling: live proxies check their upstream (electron/core/wake/). */
  upstreamChecks: UpstreamChecks;
  stop(): Promise<void>;
};

/** Starts the service (hub, log tailers, config watchers, metrics); `stop()` ends all of it. */
export async function startService(options: ServiceOptions): Promise<TetherService> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  await ensureDataDir(options.dataDir);
  const events = new EventEmitter();
  options.logger.debug('service started', { dataDir: options.dataDir, mode: options.mode });
  const pathEnv = options.pathEnv ?? currentPathEnv();
  // The one status model and what it merges: the control hub (started here, handed to the timelines
  // and the actions), the timelines, the config watcher. Metrics, `servers`, the dashboard read it.
  const status: StatusCore = new StatusCore({
    dataDir: options.dataDir,
    pathEnv,
    logger: options.logger,
    ...(options.clients === undefined ? {} : { clients: options.clients }),
    ...(options.logs === undefined ? {} : { logs: options.logs }),
    proxyHooks: {
      onProxyEvent: (...args) => metrics.hubHooks.onProxyEvent(...args),
      onProxyClosed: (...args) => metrics.hubHooks.onProxyClosed(...args),
    },
    onLogEvent: (event) => events.emit('log:event', event),
    onServersChanged: (change) => events.emit('servers:changed', change),
    onStatusChanged: (change) => events.emit('status:changed', change),
  });
  const metrics = startServiceMetrics({
    version: TETHER_VERSION,
    startedAtMs: Date.parse(startedAt),
    logger: options.logger.child('metrics'),
    ...(options.env ? { env: options.env } : {}),
    status: () => status.model.snapshot(),
  });
  events.on('log:event', metrics.onLogEvent);
  await status.start();
  const settings = await startSettings({ ...options, events, logger: options.logger.child('settings') });
  // The log viewer's window is a setting (read at start); a test's explicit window wins.
  const logWindowMs = settings.file.read().logWindowDays * 86_400_000;
  const logViewer = await startLogViewer({
    ...options,
    logs: options.logs === false ? false : { windowMs: logWindowMs, ...options.logs },
    pathEnv,
    events,
  });

  const upstreamChecks = startUpstreamChecks({
    check: () =>
      status.hub ? checkLiveProxies(status.hub) : Promise.resolve({ proxies: 0, acknowledged: 0 }),
    logger: options.logger.child('wake'),
  });

  const handlers: ApiHandlers = {
    ...logViewer.handlers,
    ...settings.handlers,
    'app:info': async () => ({
      version: TETHER_VERSION,
      dataDir: options.dataDir,
      platform: options.platform,
      mode: options.mode,
      startedAt,
    }),
    ...statusHandlers(status, { dataDir: options.dataDir, pathEnv }),
    'servers:list': async () => status.watcher?.snapshot() ?? { servers: [], problems: [] },
    'timeline:list': async ({ name }) => ({
      timelines: (status.timelines?.timelines() ?? []).filter(
        (timeline) => !name || timeline.server.name === name,
      ),
    }),
  };

  return {
    handlers,
    subscribe(event, listener) {
      events.on(event, listener);
      return () => events.off(event, listener);
    },
    metrics: metrics.endpoint,
    settings,
    upstreamChecks,
    async stop() {
      upstreamChecks.stop();
      await status.stop();
      await logViewer.stop();
      await metrics.stop();
      events.removeAllListeners();
    },
  };
}
