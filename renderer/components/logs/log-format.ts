import type { LogEventLevel } from '../../../shared/log-events.js';

const timeOfDay = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hour12: false,
});
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hour12: false,
});
const shortDay = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

const shortDayYear = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

// Rows are formatted by the thousand while scrolling: the day boundaries of "today" are computed
// once a minute, not per row.
let today = { start: 0, end: 0, checked: 0 };

/** Local time of a row: time of day for today, with the date otherwise. */
export function formatRowTime(t: number): string {
  const now = Date.now();
  if (now - today.checked > 60_000) {
    const start = new Date(now);
    start.setHours(0, 0, 0, 0);
    const end = new Date(start);
    end.setDate(end.getDate() + 1);
    today = { start: start.getTime(), end: end.getTime(), checked: now };
  }
  return t >= today.start && t < today.end ? timeOfDay.format(t) : dayAndTime.format(t);
}

/** A short label for an axis or a range: `Nov 21, 00:14` (`Nov 28, 2024` outside this year). */
export function formatShort(t: number): string {
  const date = new Date(t);
  return date.getFullYear() === new Date().getFullYear() ? shortDay.format(date) : shortDayYear.format(date);
}

/** `2026-11-21T00:14` for a datetime-local input, in local time. */
export function toLocalInput(t: number): string {
  const date = new Date(t - new Date(t).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

export const LEVEL_LABEL: Record<LogEventLevel, string> = {
  error: 'Error',
  warn: 'Warn',
  info: 'Info',
  debug: 'Debug',
};

export const CLIENT_LABEL: Record<string, string> = {
  'claude-code': 'Claude Code',
  'claude-desktop': 'Claude Desktop',
  cursor: 'Cursor',
  tether: 'Tether proxy',
};

const numbers = new Intl.NumberFormat();

/** `1,234` in the reader's locale (one formatter: `toLocaleString` builds one per call). */
export function formatCount(value: number): string {
  return numbers.format(value);
}

/** `12 KB`, `3.4 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Copies text; falls back to a hidden text area where the clipboard API is refused. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}
