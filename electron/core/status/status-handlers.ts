import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../../shared/api-contract.js';
import type { ServerStatusEntry } from '../../../shared/server-status.js';
import { editConfig, undoLastEdit } from '../actions/config-edits.js';
import { actOnProxies, reconnectAll } from '../actions/live-actions.js';
import type { PathEnv } from '../paths.js';
import { resolveServer } from './resolve-server.js';
import { buildServerDetail } from './server-detail.js';
import type { StatusCore } from './status-core.js';

type StatusChannel =
  | 'status:snapshot'
  | 'server:detail'
  | 'server:act'
  | 'server:reconnect-all'
  | 'config:edit'
  | 'config:undo'
  | 'proxy:sign-in';

export type StatusHandlers = {
  [C in StatusChannel & InvokeChannel]: (request: InvokeRequest<C>) => Promise<InvokeResponse<C>>;
};

/**
 * The status model's API channels over the status core: each resolves the server (a key or a plain
 * name), calls one core function, and records what an action did on the server's timeline.
 */
export function statusHandlers(
  core: StatusCore,
  context: { dataDir: string; pathEnv: PathEnv },
): StatusHandlers {
  const find = (keyOrName: string): ReturnType<typeof resolveServer> =>
    resolveServer(core.model.snapshot().servers, keyOrName);
  return {
    'status:snapshot': async () => core.model.snapshot(),
    'server:detail': async ({ key }) => {
      const found = find(key);
      if (!found.ok) return { ok: false, message: found.message };
      const timelines = core.timelines?.timelines() ?? [];
      return { ok: true, detail: await buildServerDetail(found.entry, timelines, context.dataDir) };
    },
    'server:act': async ({ key, action }) => {
      const found = find(key);
      if (!found.ok) return { ok: false, message: found.message };
      const result = await actOnProxies(core.commander(), found.entry, action);
      core.recordAction(found.entry, action, result);
      return result;
    },
    'server:reconnect-all': async () => {
      const entries = core.model.snapshot().servers;
      const { result, outcomes } = await reconnectAll(core.commander(), entries);
      for (const outcome of outcomes) {
        const entry = entries.find((candidate) => candidate.proxyKey === outcome.proxyKey);
        if (entry) core.recordAction(entry, 'reconnect (all)', outcome.result);
      }
      return result;
    },
    'config:edit': async ({ kind, key, dryRun }) => {
      let entry: ServerStatusEntry | undefined;
      if (key !== undefined) {
        const found = find(key);
        if (!found.ok) return { ok: false, message: found.message };
        entry = found.entry;
      }
      const result = await editConfig(
        { pathEnv: context.pathEnv, dataDir: context.dataDir },
        { kind, dryRun, ...(entry ? { entry } : {}) },
      );
      if (!dryRun && entry) core.recordAction(entry, kind, result);
      // The watcher sees the write by itself; asking now makes the answer and the next snapshot agree.
      if (!dryRun && result.ok) await core.watcher?.rereadNow();
      return result;
    },
    'config:undo': async () => {
      const result = await undoLastEdit(context.dataDir);
      if (result.ok) await core.watcher?.rereadNow();
      return { ok: result.ok, message: result.message };
    },
    'proxy:sign-in': async ({ name }) => {
      if (!core.hub || !core.hubListening)
        return { ok: false, message: 'this service does not own the control socket' };
      const found = find(name);
      const proxyKey = found.ok ? (found.entry.proxyKey ?? name) : name;
      return core.hub.signIn(proxyKey);
    },
  };
}
