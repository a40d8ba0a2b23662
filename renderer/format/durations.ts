/**
 * Short human durations and ages for the dashboard ("for 3 min", "2 h ago"), with the built-in
 * Intl only: relative ages need no date library.
 */

/** "12 s", "3 min", "2 h 5 min", "4 d": one or two units, never more. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** "for 3 min" since `since` (ISO); empty when unknown or unparsable. */
export function formatSince(since: string | null | undefined, now: number): string {
  const at = since ? Date.parse(since) : NaN;
  return Number.isNaN(at) ? '' : `for ${formatDuration(now - at)}`;
}

/** "3 min ago" for `time` (ISO); empty when unknown. */
export function formatAgo(time: string | null | undefined, now: number): string {
  const at = time ? Date.parse(time) : NaN;
  return Number.isNaN(at) ? '' : `${formatDuration(now - at)} ago`;
}

const clock = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A local wall-clock time for tables and tooltips. */
export function formatTime(time: string | number): string {
  const at = typeof time === 'number' ? time : Date.parse(time);
  return Number.isNaN(at) ? String(time) : clock.format(at);
}
