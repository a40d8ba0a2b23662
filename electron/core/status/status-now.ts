import {
  statusSnapshotSchema,
  summarizeStatuses,
  type StatusSnapshot,
} from '../../../shared/server-status.js';
import type { Discovery } from '../../../shared/server-model.js';
import { askService } from '../actions/control-relay.js';
import { discoverServers } from '../clients/discover.js';
import type { PathEnv } from '../paths.js';
import { RECENT_EVIDENCE_MS } from '../timeline/infer-status.js';
import { buildTimelines } from '../timeline/build-timelines.js';
import { buildStatusEntries } from './status-entries.js';

/**
 * The status model as a command sees it: the running service's snapshot (live proxy states included)
 * when one listens on the control socket, else one built here from the configs, the last day of client
 * logs and the proxy journals (a proxy's journal then speaks for it; nothing is `live`).
 */
export async function statusNow(options: {
  dataDir: string;
  pathEnv: PathEnv;
  projectDirs?: readonly string[];
  /** False: do not ask a service (tests, `--project` folders the service does not follow). */
  askService?: boolean;
}): Promise<{ snapshot: StatusSnapshot; discovery: Discovery; via: 'service' | 'local' }> {
  const projectDirs = options.projectDirs ?? [];
  const discovery = await discoverServers(options.pathEnv, { projectDirs: [...projectDirs] });
  if (options.askService !== false && projectDirs.length === 0) {
    const answer = await askService(options.dataDir, { action: 'snapshot' });
    const parsed = answer?.ok ? statusSnapshotSchema.safeParse(answer.snapshot) : undefined;
    if (parsed?.success) return { snapshot: parsed.data, discovery, via: 'service' };
  }
  const { timelines } = await buildTimelines({
    pathEnv: options.pathEnv,
    dataDir: options.dataDir,
    sinceMs: Date.now() - RECENT_EVIDENCE_MS,
  });
  const servers = buildStatusEntries({ servers: discovery.servers, timelines, live: new Map() });
  return {
    snapshot: {
      generatedAt: new Date().toISOString(),
      servers,
      problems: discovery.problems,
      summary: summarizeStatuses(servers),
    },
    discovery,
    via: 'local',
  };
}
