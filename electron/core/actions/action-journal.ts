import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { serverKey } from '../../../shared/control-protocol-constants.js';
import { logEventSchema, type LogEvent } from '../../../shared/log-events.js';
import type { ServerStatusEntry } from '../../../shared/server-status.js';
import { redactText } from '../redact.js';

/** `<dataDir>/status/actions.jsonl`: every dashboard or CLI action, one log event per line. */
export function actionJournalFile(dataDir: string): string {
  return path.join(dataDir, 'status', 'actions.jsonl');
}

const LOG_CLIENTS = new Set(['claude-code', 'claude-desktop', 'cursor']);
const LOG_SCOPES = new Set(['user', 'local', 'project', 'managed']);

/**
 * Where an action shows in the timelines: a wrapped server's proxy timeline (the one its status comes
 * from), else the client's own timeline of that server where the logs have one.
 */
export function actionIdentity(
  entry: Pick<ServerStatusEntry, 'client' | 'scope' | 'project' | 'name' | 'proxyKey' | 'wrapped'>,
): LogEvent['server'] {
  if (entry.wrapped || !LOG_CLIENTS.has(entry.client))
    return { client: 'tether', scope: 'proxy', name: entry.proxyKey ?? serverKey(entry.name) };
  return {
    client: entry.client as 'claude-code',
    scope: LOG_SCOPES.has(entry.scope) ? (entry.scope as 'user') : 'unknown',
    ...(entry.project ? { project: entry.project } : {}),
    name: entry.name,
  };
}

/**
 * The record of what was done to servers (reconnect, reset, restart, wrap, unwrap, clean, undo): each
 * action is appended as an `info` (or `warn` when it failed) log event, fed to the timelines at once and
 * replayed into them when the service starts, so an action stays in the server's history.
 */
export class ActionJournal {
  private lines = 0;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataDir: string,
    private readonly ingest: (event: LogEvent) => void,
  ) {}

  /** Replays earlier actions into the timelines (call once at start, before new ones). */
  async replay(into: (event: LogEvent) => void = this.ingest): Promise<void> {
    const text = await readFile(actionJournalFile(this.dataDir), 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      this.lines++;
      try {
        const parsed = logEventSchema.safeParse(JSON.parse(line));
        if (parsed.success) into(parsed.data);
      } catch {
        // A torn last line (crash mid-append) is skipped; the rest still counts.
      }
    }
  }

  /** Records one action's outcome on `server`'s timeline. */
  record(server: LogEvent['server'], what: string, outcome: { ok: boolean; message: string }): LogEvent {
    const file = actionJournalFile(this.dataDir);
    const event: LogEvent = {
      kind: 'info',
      tetherAction: what,
      time: new Date().toISOString(),
      server,
      level: outcome.ok ? 'info' : 'warn',
      message: redactText(`action ${what}: ${outcome.ok ? 'ok' : 'failed'}: ${outcome.message}`),
      source: { file, line: ++this.lines },
    };
    this.ingest(event);
    this.writes = this.writes
      .then(async () => {
        await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
        await appendFile(file, `${JSON.stringify(event)}\n`, { mode: 0o600 });
      })
      .catch(() => undefined);
    return event;
  }

  /** Resolves once every recorded action is on disk. */
  flush(): Promise<void> {
    return this.writes;
  }
}
