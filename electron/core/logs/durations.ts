/**
 * Parses the durations clients print ("35ms", "1.5s", "2m 3s", "12.3 s") into milliseconds.
 *
 * Returns undefined for anything else rather than guessing.
 */
export function parseDurationMs(text: string): number | undefined {
  const parts = [...text.trim().matchAll(/([\d.]+)\s*(ms|s|m|h)\b/g)];
  if (parts.length === 0) return undefined;
  let total = 0;
  for (const [, value, unit] of parts) {
    const n = Number(value);
    if (!Number.isFinite(n)) return undefined;
    total += n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000);
  }
  return Math.round(total);
}
