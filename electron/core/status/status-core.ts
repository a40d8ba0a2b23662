import type { ServerStatusEntry, StatusChanged } from '../../../shared/server-status.js';
import type { LogEvent } from '../../../shared/log-events.js';
import type { ServersChanged } from '../../../shared/server-model.js';
import { ActionJournal, actionIdentity } from '../actions/action-journal.js';
import type { ProxyCommander } from '../actions/live-actions.js';
import { ServerWatcher, type ServerWatcherOptions } from '../clients/server-watcher.js';
import { ControlHub, type HubOptions } from '../hub/control-hub.js';
import type { Logger } from '../logger.js';
import type { PathEnv } from '../paths.js';
import { LiveTimelines, type LiveTimelinesOptions } from '../timeline/live-timelines.js';
import { answerRelay } from './relay-answer.js';
import { StatusModel } from './status-model.js';

export type StatusCoreOptions = {
  dataDir: string;
  pathEnv: PathEnv;
  logger: Logger;
  /** Config watcher tuning; `false` runs without it. */
  clients?: Partial<Pick<ServerWatcherOptions, 'debounceMs' | 'rescanMs'>> | false;
  /** Log tailer tuning; `false` runs without logs and without the control hub. */
  logs?: Partial<Pick<LiveTimelinesOptions, 'windowMs' | 'backfillBytes' | 'pollMs'>> | false;
  /** The metrics' view of the proxies (raw events, departures). */
  proxyHooks?: Pick<HubOptions, 'onProxyEvent' | 'onProxyClosed'>;
  /** Status model tuning (tests). */
  coalesceMs?: number;
  onLogEvent: (event: LogEvent) => void;
  onServersChanged: (change: ServersChanged) => void;
  onStatusChanged: (change: StatusChanged) => void;
};

/**
 * The service's live picture of every server, in one place: the control hub (started here, handed to
 * the timelines and to the actions), the timelines over client logs and proxy events, the config
 * watcher, the action journal, and the one status model merging them. Every change of an input
 * invalidates the model (hub events, proxies leaving, config changes, new log lines); nothing polls.
 */
export class StatusCore {
  readonly hub: ControlHub | undefined;
  readonly timelines: LiveTimelines | undefined;
  readonly watcher: ServerWatcher | undefined;
  readonly model: StatusModel;
  readonly actions: ActionJournal;
  /** False when another service owns the control socket (proxies report there, not here). */
  hubListening = false;

  constructor(private readonly options: StatusCoreOptions) {
    const invalidate = (): void => this.model.invalidate();
    if (options.logs !== false) {
      const timelines = (this.timelines = new LiveTimelines({
        ...options.logs,
        dataDir: options.dataDir,
        pathEnv: options.pathEnv,
        logger: options.logger.child('logs'),
        onEvent: (event) => {
          options.onLogEvent(event);
          invalidate();
        },
        hub: (this.hub = new ControlHub({
          dataDir: options.dataDir,
          logger: options.logger.child('hub'),
          onEvent: (event) => timelines.ingest(event),
          onProxyEvent: (key, event, pid) => options.proxyHooks?.onProxyEvent?.(key, event, pid),
          onProxyClosed: (key, pid) => {
            options.proxyHooks?.onProxyClosed?.(key, pid);
            invalidate();
          },
          onRelay: (request) => answerRelay(this, request),
        })),
      }));
    }
    if (options.clients !== false) {
      this.watcher = new ServerWatcher({
        ...options.clients,
        pathEnv: options.pathEnv,
        onUpdate: ({ changes, problems }) => {
          options.onServersChanged({ changes, problems });
          invalidate();
        },
        onError: (error) => options.logger.warn('config watch failed', { error: String(error) }),
      });
    }
    this.actions = new ActionJournal(options.dataDir, (event) =>
      this.timelines ? this.timelines.ingest(event) : undefined,
    );
    this.model = new StatusModel({
      inputs: () => {
        const discovery = this.watcher?.snapshot() ?? { servers: [], problems: [] };
        return {
          servers: discovery.servers,
          problems: discovery.problems,
          timelines: this.timelines?.timelines() ?? [],
          live: this.hub && this.hubListening ? this.hub.liveStates() : new Map(),
        };
      },
      onChange: options.onStatusChanged,
      ...(options.coalesceMs === undefined ? {} : { coalesceMs: options.coalesceMs }),
    });
  }

  async start(): Promise<void> {
    if (this.hub) {
      try {
        await this.hub.start();
        this.hubListening = true;
      } catch (error) {
        // Another service (the desktop app next to `tether serve`) owns the socket: logs still work.
        this.options.logger.warn('control socket not started', { error: String(error) });
      }
    }
    const timelines = this.timelines;
    if (timelines) await this.actions.replay((event) => timelines.replay(event));
    await this.timelines?.start();
    await this.watcher?.start();
    this.model.start();
  }

  async stop(): Promise<void> {
    this.model.stop();
    await this.watcher?.stop();
    await this.timelines?.stop();
    if (this.hub && this.hubListening) await this.hub.stop();
    await this.actions.flush();
  }

  /** The hub as the actions see it: the keys with a proxy on the socket now, and commands to them. */
  commander(): ProxyCommander {
    const hub = this.hub;
    return {
      liveKeys: () => new Set(hub && this.hubListening ? hub.liveStates().keys() : []),
      sendCommand: (key, command) => hub!.sendCommand(key, command),
    };
  }

  /** Puts an action's outcome on the server's timeline (and the action journal). */
  recordAction(entry: ServerStatusEntry, what: string, outcome: { ok: boolean; message: string }): void {
    this.actions.record(actionIdentity(entry), what, outcome);
    this.model.invalidate();
  }
}
