import { open } from 'node:fs/promises';
import type { ActivityItem, SecurityItem } from '../../../shared/server-detail.js';
import { proxyJournalPath } from '../control-socket-path.js';
import { redactText } from '../redact.js';

/** The journal's newest bytes read for a detail page: thousands of calls, never the whole rotation. */
const TAIL_BYTES = 512 * 1024;
const MAX_ACTIVITY = 200;
const MAX_SECURITY = 100;

/**
 * Recent activity (each finished request: method, tool, duration, outcome, redacted preview) and
 * security activity (sign-in, refresh, revoke, rejected tokens, HTTP 401s) of one proxy key, from its
 * journal (`<dataDir>/proxies/<key>/journal.jsonl`, rotated to `.1`). A running proxy journals every
 * event it sends on the control socket, so the journal is complete whether a service listened or not.
 * Newest last.
 */
export async function readProxyActivity(
  dataDir: string,
  proxyKey: string,
): Promise<{ activity: ActivityItem[]; security: SecurityItem[] }> {
  const file = proxyJournalPath(dataDir, proxyKey);
  const text = (await tail(`${file}.1`, TAIL_BYTES / 2)) + (await tail(file, TAIL_BYTES));
  const activity: ActivityItem[] = [];
  const security: SecurityItem[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const time = typeof record['ts'] === 'string' ? record['ts'] : undefined;
    if (!time) continue;
    if (record['type'] === 'activity') {
      const item = activityOf(record, time);
      if (item) activity.push(item);
    } else if (
      record['type'] === 'auth' &&
      typeof record['kind'] === 'string' &&
      record['kind'] !== 'login_url'
    ) {
      security.push({
        time: typeof record['at'] === 'string' ? record['at'] : time,
        kind: record['kind'] as SecurityItem['kind'],
        message: redactText(typeof record['reason'] === 'string' ? record['reason'] : record['kind']),
      });
    } else if (record['type'] === 'state' && httpStatusOf(record) === 401) {
      security.push({
        time,
        kind: 'http_401',
        message: redactText(typeof record['message'] === 'string' ? record['message'] : 'HTTP 401'),
      });
    }
  }
  return { activity: activity.slice(-MAX_ACTIVITY), security: security.slice(-MAX_SECURITY) };
}

function activityOf(record: Record<string, unknown>, time: string): ActivityItem | undefined {
  if (typeof record['method'] !== 'string' || typeof record['durationMs'] !== 'number') return undefined;
  const outcome = record['outcome'];
  if (typeof outcome !== 'string') return undefined;
  const preview = record['preview'] as { request?: unknown; response?: unknown } | undefined;
  const parts = [preview?.request, preview?.response].filter(
    (part): part is string => typeof part === 'string',
  );
  return {
    time,
    method: record['method'],
    ...(typeof record['tool'] === 'string' ? { tool: record['tool'] } : {}),
    durationMs: record['durationMs'],
    outcome: outcome as ActivityItem['outcome'],
    ...(typeof record['reason'] === 'string' ? { reason: redactText(record['reason']) } : {}),
    ...(parts.length ? { preview: redactText(parts.join(' → ').slice(0, 300)) } : {}),
  };
}

function httpStatusOf(record: Record<string, unknown>): number | undefined {
  const details = record['details'] as { httpStatus?: unknown } | undefined;
  return typeof details?.httpStatus === 'number' ? details.httpStatus : undefined;
}

/** The last `bytes` of a file from a line start ('' when it does not exist). */
async function tail(file: string, bytes: number): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return '';
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
  } finally {
    await handle.close();
  }
}
