import type { LogEvent } from '../../../shared/log-events.js';
import type { ProxyRun } from '../../../shared/timeline-model.js';
import { journalStateOf } from '../logs/journal-entries.js';

/**
 * The runs of one server's proxy processes, from its journal (and its live socket events, which are
 * normalized the same way): one run per pid, from its `hello` to its `proxy stopped`.
 *
 * A run's state is the last state line the proxy wrote; its `since` is when that state began (a
 * reminder of the same state does not move it).
 */
export class ProxyRuns {
  private readonly runs = new Map<string, ProxyRun>();
  private newest: ProxyRun | undefined;

  add(event: LogEvent): void {
    const run = this.runOf(event);
    if (!run) return;
    switch (event.kind) {
      case 'tool_ok':
        run.callsOk++;
        return;
      case 'tool_error':
        run.callsFailed++;
        return;
      case 'disconnected':
        if (event.reason === 'proxy stopped') {
          run.endedAt = event.time;
          run.ending = 'stopped';
        }
        break;
      default:
        break;
    }
    const state = journalStateOf(event.message);
    if (!state || state.reason === 'shutdown') return;
    if (state.state !== run.lastState) {
      if (state.state === 'connected') delete run.outageSince;
      else if (run.lastState === 'connected' || run.lastState === undefined) run.outageSince ??= event.time;
      run.lastState = state.state;
      run.lastStateSince = event.time;
    }
    run.lastStateMessage = state.text;
  }

  /** The newest run (by start), if any. */
  last(): ProxyRun | undefined {
    return this.newest ? { ...this.newest } : undefined;
  }

  private runOf(event: LogEvent): ProxyRun | undefined {
    const key = event.session ?? '';
    let run = this.runs.get(key);
    if (!run) {
      // A run starts with its hello; lines of a run whose hello is outside the window still count.
      run = {
        ...(event.session && /^\d+$/.test(event.session) && event.session !== '0'
          ? { pid: Number(event.session) }
          : {}),
        startedAt: event.time,
        callsOk: 0,
        callsFailed: 0,
      };
      this.runs.set(key, run);
    }
    if (event.time < run.startedAt) run.startedAt = event.time;
    if (!this.newest || run.startedAt >= this.newest.startedAt) this.newest = run;
    return run;
  }
}
