import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PROXIES_DIR_NAME, serverKey, type RelayAnswer } from '../../../shared/control-protocol.js';
import type { LiveAction } from '../../../shared/server-detail.js';
import { discoverServers } from '../clients/discover.js';
import { ControlHub } from '../hub/control-hub.js';
import { silentLogger } from '../logger.js';
import { closeMatches, knownServerNames } from '../logs/known-servers.js';
import type { PathEnv } from '../paths.js';
import { ActionJournal } from './action-journal.js';
import { askService } from './control-relay.js';
import { actOnProxies, reconnectAll, type ProxyCommander } from './live-actions.js';

export type LiveActionRequest = { action: LiveAction | 'reconnect-all'; server?: string };
export type LiveActionAnswer = Omit<RelayAnswer, 'v' | 'type' | 'id' | 'snapshot'> & {
  /** `service`: the running service did it; `direct`: this process bound the control socket itself. */
  via: 'service' | 'direct';
};

/**
 * A running proxy retries the control socket every second (proxy/control-client.ts); a little more
 * than that after binding it, every running proxy has said hello.
 */
const GATHER_MS = 1500;
/** How long to wait at most for the first proxy of the named server (a loaded machine is slow). */
const DEADLINE_MS = 5000;

/**
 * `tether reconnect NAME | --all`, `reset-session NAME`, `restart NAME`: asks the running service
 * (it resolves the name with its status model and records the action); with no service, binds the
 * control socket briefly as a hub, waits for the running proxies to connect, commands those of the
 * server, and lets go of the socket again.
 */
export async function runLiveAction(options: {
  dataDir: string;
  pathEnv: PathEnv;
  request: LiveActionRequest;
  gatherMs?: number;
  deadlineMs?: number;
}): Promise<LiveActionAnswer> {
  const { request } = options;
  const viaService = await askService(options.dataDir, request);
  if (viaService) return { ...stripped(viaService), via: 'service' };
  let target: { name: string; proxyKey: string; wrapped: boolean } | undefined;
  if (request.action !== 'reconnect-all') {
    const resolved = await resolveDirect(options.dataDir, options.pathEnv, request.server ?? '');
    if ('code' in resolved) return { ...resolved, via: 'direct' };
    target = resolved;
  }
  const hub = new ControlHub({ dataDir: options.dataDir, logger: silentLogger });
  try {
    await hub.start();
  } catch {
    // A service started meanwhile: it answers now.
    const late = await askService(options.dataDir, request);
    if (late) return { ...stripped(late), via: 'service' };
    return { ok: false, code: 'failed', message: 'the control socket is busy; try again', via: 'direct' };
  }
  try {
    const started = Date.now();
    const gatherMs = options.gatherMs ?? GATHER_MS;
    const deadline = started + (options.deadlineMs ?? DEADLINE_MS);
    const ready = (): boolean =>
      Date.now() - started >= gatherMs && (!target || hub.liveStates().has(target.proxyKey));
    while (!ready() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const commander: ProxyCommander = {
      liveKeys: () => new Set(hub.liveStates().keys()),
      sendCommand: (key, command) => hub.sendCommand(key, command),
    };
    const journal = new ActionJournal(options.dataDir, () => undefined);
    if (!target) {
      const live = [...hub.liveStates().values()].map((state) => ({
        name: state.key,
        wrapped: true,
        proxyKey: state.key,
        transport: transportOf(state.upstream),
      }));
      const { result, outcomes } = await reconnectAll(commander, live);
      for (const outcome of outcomes)
        journal.record(
          { client: 'tether', scope: 'proxy', name: outcome.proxyKey },
          'reconnect (all, command line)',
          outcome.result,
        );
      await journal.flush();
      return {
        ...result,
        code: result.ok ? 'ok' : 'failed',
        outcomes: outcomes.map((outcome) => ({ name: outcome.name, ...outcome.result })),
        via: 'direct',
      };
    }
    const live = hub.liveStates().get(target.proxyKey);
    const result = await actOnProxies(
      commander,
      { ...target, transport: transportOf(live?.upstream) },
      request.action as LiveAction,
    );
    journal.record(
      { client: 'tether', scope: 'proxy', name: target.proxyKey },
      `${request.action} (command line)`,
      result,
    );
    await journal.flush();
    return {
      ...result,
      code: result.ok ? 'ok' : 'failed',
      outcomes: [{ name: target.name, ...result }],
      via: 'direct',
    };
  } finally {
    await hub.stop();
  }
}

/** A name the configs, logs or journals know, and its proxy key; else close matches (exit code 2). */
async function resolveDirect(
  dataDir: string,
  pathEnv: PathEnv,
  name: string,
): Promise<{ name: string; proxyKey: string; wrapped: boolean } | Omit<LiveActionAnswer, 'via'>> {
  const [{ names }, journals, { servers }] = await Promise.all([
    knownServerNames({ pathEnv, dataDir }),
    readdir(path.join(dataDir, PROXIES_DIR_NAME)).catch(() => [] as string[]),
    discoverServers(pathEnv),
  ]);
  const key = journals.includes(name) ? name : serverKey(name);
  if (!names.includes(name) && !journals.includes(name)) {
    const matches = closeMatches(name, [...new Set([...names, ...journals])].sort());
    return {
      ok: false,
      code: 'unknown-server',
      message: `no server named "${name}"${matches.length ? `; close matches: ${matches.join(', ')}` : ''}`,
      closeMatches: matches,
    };
  }
  const records = servers.filter((server) => server.name === name);
  const wrapped = records.length === 0 || records.some((server) => server.wrapped) || journals.includes(key);
  if (!wrapped)
    return {
      ok: false,
      code: 'failed',
      message: `"${name}" is not wrapped: Tether acts on a server through its proxy; wrap it first (tether wrap ${name})`,
    };
  return { name, proxyKey: key, wrapped: true };
}

function transportOf(upstream: string | undefined): string {
  if (!upstream) return 'unknown';
  return upstream.startsWith('stdio') ? 'stdio' : 'http';
}

function stripped(answer: RelayAnswer): Omit<LiveActionAnswer, 'via'> {
  return {
    ok: answer.ok,
    code: answer.code,
    message: answer.message,
    ...(answer.closeMatches ? { closeMatches: answer.closeMatches } : {}),
    ...(answer.outcomes ? { outcomes: answer.outcomes } : {}),
  };
}
