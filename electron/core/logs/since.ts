/**
 * Parses a `--since` value: a relative age (`90s`, `30m`, `2h`, `7d`) or an absolute date/time
 * (`2026-11-21`, ISO-8601). Returns epoch ms, or undefined when the text is neither.
 */
export function parseSince(text: string, nowMs = Date.now()): number | undefined {
  const relative = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/i.exec(text.trim());
  if (relative) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[
      relative[2]!.toLowerCase() as 's'
    ];
    return nowMs - Number(relative[1]) * unit;
  }
  const absolute = Date.parse(text);
  return Number.isNaN(absolute) ? undefined : absolute;
}
