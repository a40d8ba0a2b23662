import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../../shared/api-contract.js';
import type { LogStatus, logsInvokeContract } from '../../../shared/logs-contract.js';
import type { EventContextReader } from '../log-index/event-context.js';
import type { LogIndex } from '../log-index/log-index.js';
import type { Logger } from '../logger.js';
import type { PathEnv } from '../paths.js';
import type { LiveSubscriptions } from './live-subscriptions.js';
import { createSupportBundle, readSupportBundle } from './support-bundles.js';

type LogsChannel = keyof typeof logsInvokeContract & InvokeChannel;

/** The viewer's contract channels (shared/logs-contract.ts), spread into the service's handlers. */
export type LogViewerHandlers = {
  [C in LogsChannel]: (request: InvokeRequest<C>) => Promise<InvokeResponse<C>>;
};

export type LogViewerParts = {
  index?: LogIndex;
  live?: LiveSubscriptions;
  context: EventContextReader;
  status?: () => Promise<LogStatus>;
  bundle: { dataDir: string; pathEnv: PathEnv; logger: Logger };
};

const EMPTY_STATUS: LogStatus = {
  events: 0,
  files: 0,
  indexing: false,
  skippedLines: 0,
  notices: [],
  servers: [],
  windowDays: 0,
};

/** Thin handlers: each parses nothing (dispatch did), calls the index or the bundle, returns. */
export function logViewerHandlers(parts: LogViewerParts): LogViewerHandlers {
  const { index, live } = parts;
  return {
    'logs:query': async (request) => index?.query(request) ?? { rows: [], hasBefore: false, hasAfter: false },
    'logs:histogram': async ({ filter, buckets }) =>
      index?.histogram(filter, buckets) ?? { from: Date.now(), bucketMs: 60_000, counts: [], total: 0 },
    'logs:context': async ({ id, lines }) => {
      const found = index?.event(id);
      if (!found) throw new Error(`no event ${id} in the index (it may have left the window)`);
      return { ...found, ...(await parts.context.context(found.event, lines ?? 10)) };
    },
    'logs:subscribe': async ({ filter, subscription }) => ({
      subscription: live ? live.subscribe(filter, subscription) : 'none',
    }),
    'logs:unsubscribe': async ({ subscription }) => {
      live?.unsubscribe(subscription);
      return {};
    },
    'logs:status': async () => (parts.status ? parts.status() : EMPTY_STATUS),
    'bundle:create': async () => createSupportBundle(parts.bundle),
    'bundle:download': async ({ id }) => {
      const bytes = await readSupportBundle(parts.bundle.dataDir, id);
      if (!bytes) throw new Error(`no bundle ${id}`);
      return { id, base64: bytes.toString('base64') };
    },
  };
}
