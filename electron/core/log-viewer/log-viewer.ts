import type { EventEmitter } from 'node:events';
import path from 'node:path';
import type { LogEvent } from '../../../shared/log-events.js';
import type { LogStatus } from '../../../shared/logs-contract.js';
import { EventContextReader } from '../log-index/event-context.js';
import { LogIndex } from '../log-index/log-index.js';
import type { Logger } from '../logger.js';
import { LogTailer } from '../logs/log-tailer.js';
import type { PathEnv } from '../paths.js';
import { DEFAULT_LOG_WINDOW_MS } from '../timeline/live-timelines.js';
import { IndexNotices } from './index-notices.js';
import { LiveSubscriptions } from './live-subscriptions.js';
import { logViewerHandlers, type LogViewerHandlers } from './log-viewer-handlers.js';

/** What startLogViewer needs: data folder, client paths, the service's event bus and the log window. */
export type LogViewerOptions = {
  dataDir: string;
  pathEnv: PathEnv;
  logger: Logger;
  /** The service's event bus: proxy events arrive on it as `log:event`; `logs:live` leaves on it. */
  events: EventEmitter;
  /** The service's log tuning; `false` = no logs (every query answers empty). */
  logs?: { windowMs?: number; pollMs?: number } | false;
  /** How many files of the window are indexed, newest first (default 2000). */
  maxFiles?: number;
};

export type LogViewer = { handlers: LogViewerHandlers; index: LogIndex | undefined; stop(): Promise<void> };

/** `<dataDir>/logs/index`: the viewer's segments (rebuilt at every start). */
export function logIndexDir(dataDir: string): string {
  return path.join(dataDir, 'logs', 'index');
}

const RETENTION_CHECK_MS = 60_000;

/**
 * The log viewer's service side: its own tailer reads every client log file in the window from the
 * start (newest files first) into the index, follows them, adds the proxies' live events from the
 * control hub, feeds live subscriptions and keeps notices of what it skipped. Handlers answer the
 * viewer's API from it.
 */
export async function startLogViewer(options: LogViewerOptions): Promise<LogViewer> {
  const context = new EventContextReader();
  const bundleContext = { dataDir: options.dataDir, pathEnv: options.pathEnv, logger: options.logger };
  if (options.logs === false)
    return {
      handlers: logViewerHandlers({ context, bundle: bundleContext }),
      index: undefined,
      stop: async () => undefined,
    };

  const windowMs = options.logs?.windowMs ?? DEFAULT_LOG_WINDOW_MS;
  const logger = options.logger.child('log-index');
  const index = new LogIndex({
    dir: logIndexDir(options.dataDir),
    onError: (error) => logger.warn('index write failed', { error: String(error) }),
  });
  await index.open();
  const notices = new IndexNotices();
  const live = new LiveSubscriptions(index, (batch) => options.events.emit('logs:live', batch));
  let indexing = true;
  /** Files whose first (history) read is done: their later lines are live. */
  const startedFiles = new Set<string>();

  const ingest = (event: LogEvent, fresh: boolean): void => {
    const id = index.add(event);
    notices.countEvent(event.source.file);
    if (fresh) live.offer(event, id);
  };
  // Proxy events over the control socket exist nowhere else; client log lines come from our tailer.
  const onServiceEvent = (event: LogEvent): void => {
    if (event.source.file.startsWith('control-socket:')) ingest(event, true);
  };
  options.events.on('log:event', onServiceEvent);

  const tailer = new LogTailer({
    scope: { pathEnv: options.pathEnv, dataDir: options.dataDir, maxFiles: options.maxFiles ?? 2000 },
    windowMs,
    watch: true,
    pollMs: options.logs?.pollMs ?? 2000,
    rescanMs: 30_000,
    // Whatever is read after the first pass over a file is news for live subscribers.
    onEvent: (event) => ingest(event, !indexing || startedFiles.has(event.source.file)),
    onRead: (file, result) => {
      startedFiles.add(file);
      notices.skippedLines(file, result.malformed);
    },
    onRestart: (file, reason) => notices.restarted(file, reason),
    onError: (file, error) => {
      notices.readFailed(file, error);
      logger.warn('log read failed', { file, error: String(error) });
    },
  });
  await tailer.start();
  void tailer.caughtUp().then(() => {
    indexing = false;
    logger.debug('log index caught up', { events: index.size });
  });
  const retention = setInterval(() => {
    void index.dropOlderThan(Date.now() - windowMs);
  }, RETENTION_CHECK_MS);

  const status = async (): Promise<LogStatus> => ({
    events: index.size,
    files: notices.fileCount,
    indexing,
    ...index.span(),
    skippedLines: notices.skippedTotal,
    notices: await notices.list(),
    servers: [...index.knownServers()],
    windowDays: windowMs / 86_400_000,
  });

  return {
    handlers: logViewerHandlers({ index, live, context, status, bundle: bundleContext }),
    index,
    async stop() {
      clearInterval(retention);
      options.events.off('log:event', onServiceEvent);
      live.stop();
      await tailer.stop();
      await index.close();
    },
  };
}
