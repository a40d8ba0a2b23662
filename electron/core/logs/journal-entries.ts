import { journalLineSchema } from '../../../shared/control-protocol.js';
import { journalEntry } from './journal-classify.js';
import type { RawLogEntry } from './log-entry.js';

export { classifyJournalEntry, journalEntry, journalStateOf } from './journal-classify.js';

/**
 * Tether proxy journals (`<dataDir>/proxies/<key>/journal.jsonl`, shared/control-protocol.ts): each
 * line is a proxy event with `v`, `ts` and `pid`, validated with the protocol's own schema.
 */
export function parseJournalLine(text: string, line: number): RawLogEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = journalLineSchema.safeParse(value);
  if (!parsed.success) return undefined;
  return journalEntry(parsed.data, line);
}
