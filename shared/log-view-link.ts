/**
 * Links into the log viewer, shared by every view that points at evidence.
 *
 * The viewer keeps its filters and position in the hash route (`#/logs?…`), so a link from a finding,
 * a timeline marker or the tray opens the same view a support engineer would share. Parameters the
 * viewer does not know are ignored by it; none are required.
 */
export type LogViewTarget = {
  /** A status-model entry key (shared/server-status.ts) or a log server name. */
  server?: string;
  client?: string;
  /** Open the viewer around this moment (ISO time). */
  around?: string;
  /** With `line`: the exact source line to select (an event's `source`). */
  file?: string;
  line?: number;
  /** Free-text search to pre-fill. */
  q?: string;
};

/** The hash route of the log viewer for `target`, e.g. `#/logs?server=…&around=…`. */
export function logViewHref(target: LogViewTarget = {}): string {
  // shared/ has no DOM or Node lib (no URLSearchParams): encode by hand, the same way.
  const query = (Object.entries(target) as [string, string | number | undefined][])
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return query ? `#/logs?${query}` : '#/logs';
}
