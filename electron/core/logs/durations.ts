/**
 * Parses the durations clients print ("35ms", "1.5s", "2m 3s", "12.3 s") into milliseconds.
 *
 * Returns undefined for anything else rather than guessing.
 */
export function parseDurationMs(text: string): number | undefined {
  // One number and one unit ("35ms") is nearly every duration in a log: no match list for it.
  const single = SINGLE_DURATION.exec(text);
  if (single) return Math.round(Number(single[1]) * UNIT_MS[single[2] as keyof typeof UNIT_MS]);
  const parts = [...text.trim().matchAll(/([\d.]+)\s*(ms|s|m|h)\b/g)];
  if (parts.length === 0) return undefined;
  let total = 0;
  for (const [, value, unit] of parts) {
    const n = Number(value);
    if (!Number.isFinite(n)) return undefined;
    total += n * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return Math.round(total);
}

const SINGLE_DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
