import type { RawLogEntry } from './log-entry.js';
import { levelOf } from './claude-desktop-lines.js';

/**
 * Cursor MCP log lines: the VS Code LogOutputChannel format `YYYY-MM-DD HH:MM:SS.mmm [level] msg`, in
 * the machine's local time without a zone (client-formats §2). The legacy single `Cursor MCP.log`
 * prefixes each message with the last four characters of the server name (`ools: Found 14 tools`).
 */
const LINE = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d{1,3})?) \[(\w+)\] ([\s\S]*)$/;
const LEGACY_PREFIX = /^([^:]{4}): ([\s\S]*)$/;

/** Parses one Cursor line; `legacy` splits the 4-character server suffix off the message. */
export function createCursorParser(
  legacy: boolean,
): (text: string, line: number) => RawLogEntry | null | undefined {
  let seenEntry = false;
  // Lines the channel writes without the server suffix (`listOfferings: Found 14 tools`) belong to the
  // server of the line before them.
  let lastServer: string | undefined;
  return (text, line) => {
    const match = LINE.exec(text);
    // A continuation (stack trace line) of the previous entry is not malformed; it adds nothing new.
    if (!match) return seenEntry ? null : undefined;
    const local = new Date(`${match[1]}T${match[2]}`);
    if (Number.isNaN(local.getTime())) return undefined;
    let message = match[4]!;
    let serverName: string | undefined;
    if (legacy) {
      const prefixed = LEGACY_PREFIX.exec(message);
      if (prefixed) {
        serverName = prefixed[1]!.trim();
        message = prefixed[2]!;
        lastServer = serverName;
      } else serverName = lastServer;
    }
    seenEntry = true;
    return {
      time: local.toISOString(),
      level: levelOf(match[3]!),
      message,
      line,
      ...(serverName ? { serverName } : {}),
    };
  };
}
