import type { BundleSummary, LogRow } from '../../shared/logs-contract.js';
import { bundleDownloadPath } from '../../shared/logs-contract.js';
import { callLogs, downloadsThroughApi } from '../api/log-viewer-api.js';
import { filterOf, type LogViewState } from './log-view-state.js';

/** An export stops here; the file says so in its name and the viewer in a message. */
export const EXPORT_LIMIT = 200_000;
const EXPORT_PAGE = 5000;
/** The first and last representable moments (JSON has no Infinity). */
export const EARLIEST = -8.64e15;
export const LATEST = 8.64e15;

/** One row as text, the way the list shows it: time, level, client, server, kind, message. */
export function rowText(row: LogRow): string {
  return `${row.time} ${row.level.toUpperCase().padEnd(5)} ${row.server.client} ${row.server.name} ${row.kind} ${row.message}`;
}

/** One row as a JSON line: the normalized event's fields and its source. */
export function rowJson(row: LogRow): string {
  return JSON.stringify({
    time: row.time,
    level: row.level,
    kind: row.kind,
    client: row.server.client,
    scope: row.server.scope,
    ...(row.server.project ? { project: row.server.project } : {}),
    server: row.server.name,
    message: row.message,
    file: row.file,
    line: row.line,
  });
}

/**
 * Every event of the filtered view (not only the loaded rows), oldest first, messages in full, as
 * NDJSON or text; asked of the service page by page. Messages are redacted by the service.
 */
export async function exportView(
  state: LogViewState,
  format: 'ndjson' | 'text',
): Promise<{ blob: Blob; count: number; capped: boolean } | { error: string }> {
  const filter = filterOf(state, Date.now());
  const parts: string[] = [];
  let count = 0;
  let cursor = { t: EARLIEST, id: 0 };
  for (;;) {
    const page = await callLogs('logs:query', { filter, after: cursor, limit: EXPORT_PAGE, full: true });
    if (!page.ok) return { error: page.error.message };
    if (page.data.searchError) return { error: page.data.searchError };
    for (const row of page.data.rows) parts.push(`${format === 'ndjson' ? rowJson(row) : rowText(row)}\n`);
    count += page.data.rows.length;
    const last = page.data.rows.at(-1);
    if (!page.data.hasAfter || !last)
      return { blob: new Blob(parts, { type: 'text/plain' }), count, capped: false };
    if (count >= EXPORT_LIMIT) return { blob: new Blob(parts, { type: 'text/plain' }), count, capped: true };
    cursor = { t: last.t, id: last.id };
  }
}

/** Saves a blob as a file through the browser's download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function createBundle(): Promise<{ summary: BundleSummary } | { error: string }> {
  const result = await callLogs('bundle:create', {});
  return result.ok ? { summary: result.data } : { error: result.error.message };
}

/** Downloads a bundle: over HTTP under `tether serve` (cookie session), through the API in the app. */
export async function downloadBundle(summary: BundleSummary): Promise<string | undefined> {
  if (!downloadsThroughApi()) {
    const link = document.createElement('a');
    link.href = bundleDownloadPath(summary.id);
    link.download = summary.id;
    document.body.append(link);
    link.click();
    link.remove();
    return undefined;
  }
  const result = await callLogs('bundle:download', { id: summary.id });
  if (!result.ok) return result.error.message;
  const bytes = Uint8Array.from(atob(result.data.base64), (char) => char.charCodeAt(0));
  saveBlob(new Blob([bytes], { type: 'application/gzip' }), summary.id);
  return undefined;
}
