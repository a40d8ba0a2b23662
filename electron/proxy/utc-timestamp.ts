/**
 * `new Date(ms).toISOString()` without the time-zone lookup.
 *
 * V8 (Node 20) computes the local offset inside `toISOString`, which loads ICU's time-zone data and
 * code: ~0.5–1 MB of RSS in every proxy process for a string that is UTC by definition. The UTC
 * getters need no offset. Same output as `toISOString` for years 0–9999 (it is used for outside).
 */
export function utcTimestamp(ms: number = Date.now()): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return date.toISOString();
  return (
    `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}` +
    `T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}` +
    `.${pad(date.getUTCMilliseconds(), 3)}Z`
  );
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
